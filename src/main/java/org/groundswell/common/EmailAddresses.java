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

    /**
     * The mailbox an address delivers to, for counting only: a normalised address without its +tag
     * ("ada+petitions@example.org" and "ada+x@example.org" both reach ada@example.org).
     */
    public static String mailbox(String normalised) {
        int at = normalised.lastIndexOf('@');
        int plus = normalised.indexOf('+');
        return plus > 0 && plus < at ? normalised.substring(0, plus) + normalised.substring(at) : normalised;
    }
}
