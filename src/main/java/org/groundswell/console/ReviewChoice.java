package org.groundswell.console;

import org.groundswell.common.InvalidInputException;
import org.groundswell.signature.Selection;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * One group of the review page as a bulk action takes it: by address hash, e-mail domain or minute, its key as the
 * page shows it, and (for address and domain) the start of the window the page counted, so that the signatures
 * acted on are those the page counted. Plain values in, a {@link Selection} out; a value the page could not have
 * sent is bad input.
 */
public record ReviewChoice(String by, String key, Instant from) {

    private static final Pattern HASH = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9.-]{1,253}");

    public static ReviewChoice of(String by, String key, String from) {
        String k = key == null ? "" : key.strip();
        switch (by == null ? "" : by) {
            case "address" -> require(HASH.matcher(k).matches(), "key", "must be an address hash as the review lists it");
            case "domain" -> require(DOMAIN.matcher(k).matches(), "key", "must be a lower-case domain such as example.org");
            case "minute" -> require(instant(k) != null, "key", "must be a minute as the review lists it");
            default -> throw InvalidInputException.field("by", "must be address, domain or minute");
        }
        Instant since = null;
        if (!"minute".equals(by) && from != null && !from.isBlank()) {
            since = instant(from.strip());
            require(since != null, "from", "must be a moment such as 2026-05-01T09:00:00Z");
        }
        return new ReviewChoice(by, k, since);
    }

    /** The signatures of the group: the minute's own, or the address's or domain's since the window began. */
    public Selection selection() {
        return switch (by) {
            case "address" -> new Selection(key, null, from, null);
            case "domain" -> new Selection(null, key, from, null);
            default -> {
                Instant minute = instant(key).truncatedTo(ChronoUnit.MINUTES);
                yield new Selection(null, null, minute, minute.plus(1, ChronoUnit.MINUTES));
            }
        };
    }

    /** The group in words: "from the address hash x", "with an address at example.org", "signed in the minute ...". */
    public String describe() {
        return switch (by) {
            case "address" -> "from the client address hash " + key;
            case "domain" -> "with an e-mail address at " + key;
            default -> "signed in the minute from " + key;
        };
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw InvalidInputException.field(field, message);
        }
    }
}
