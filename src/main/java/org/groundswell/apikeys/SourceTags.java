package org.groundswell.apikeys;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The source tag a key's signatures carry ({@code origin_system}): a short tag of lower case letters, digits and
 * single dashes, such as {@code partner-site}; given with the key, or made from its name. Plain values in and out.
 */
public final class SourceTags {

    public static final int MAX_LENGTH = 40;
    private static final Pattern TAG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final String FALLBACK = "partner";

    private SourceTags() {
    }

    /** Whether the text is a valid tag. */
    public static boolean isValid(String tag) {
        return tag != null && tag.length() <= MAX_LENGTH && TAG.matcher(tag).matches();
    }

    /** The tag made from a key's name: accents dropped, lower case, every run of anything else a dash; "partner" if nothing is left. */
    public static String fromName(String name) {
        String plain = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        plain = trimDashes(plain);
        if (plain.length() > MAX_LENGTH) {
            plain = trimDashes(plain.substring(0, MAX_LENGTH));
        }
        return plain.isEmpty() ? FALLBACK : plain;
    }

    /** The tag to use: the one given (empty when it is not valid), or one made from the name when none is given. */
    public static Optional<String> choose(String given, String name) {
        if (given == null || given.isBlank()) {
            return Optional.of(fromName(name));
        }
        String tag = given.strip();
        return isValid(tag) ? Optional.of(tag) : Optional.empty();
    }

    private static String trimDashes(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == '-') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == '-') {
            end--;
        }
        return value.substring(start, end);
    }
}
