package org.groundswell.common;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Strict e-mail syntax (a dot-atom local part and a DNS domain) and the normal form we store. */
public final class EmailAddresses {

    private static final Pattern LOCAL = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    private EmailAddresses() {
    }

    /** The address trimmed, lower-cased, with an internationalised domain in its ASCII form; empty if invalid. */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String address = raw.strip();
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.length() > 254) {
            return Optional.empty();
        }
        String local = address.substring(0, at).toLowerCase(Locale.ROOT);
        String domain;
        try {
            domain = IDN.toASCII(address.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (local.length() > 64 || !LOCAL.matcher(local).matches() || domain.length() > 253 || !DOMAIN.matcher(domain).matches()) {
            return Optional.empty();
        }
        String normalised = local + "@" + domain;
        return normalised.length() > 254 ? Optional.empty() : Optional.of(normalised);
    }

    /** Providers that deliver every dot variant of a local part to one mailbox, by their domain's canonical name. */
    private static final java.util.Map<String, String> DOTS_IGNORED = java.util.Map.of(
            "gmail.com", "gmail.com",
            "googlemail.com", "gmail.com");

    /**
     * The canonical mailbox a normalised address delivers to: the one form used for the per-mailbox limit, the
     * suppression list, erasure and look-up, and for telling whether a campaign has this supporter already. Lower
     * case (as {@link #normalise} leaves it), without its +tag ("ada+petitions@example.org" and "ada+x@example.org"
     * both reach ada@example.org), and for providers that ignore dots in the local part (gmail.com, and
     * googlemail.com as its alias) without dots and under gmail.com ("j.o.hn@googlemail.com" reaches
     * john@gmail.com). Every caller goes through this method; nothing else knows the rule.
     */
    public static String mailbox(String normalised) {
        int at = normalised.lastIndexOf('@');
        String local = normalised.substring(0, at).toLowerCase(Locale.ROOT);
        String domain = normalised.substring(at + 1).toLowerCase(Locale.ROOT);
        int plus = local.indexOf('+');
        if (plus > 0) {
            local = local.substring(0, plus);
        }
        String dotless = DOTS_IGNORED.get(domain);
        if (dotless != null) {
            String undotted = local.replace(".", "");
            local = undotted.isEmpty() ? local : undotted;
            domain = dotless;
        }
        return local + "@" + domain;
    }
}
