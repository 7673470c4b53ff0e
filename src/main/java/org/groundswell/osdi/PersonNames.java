package org.groundswell.osdi;

/**
 * Our one name field and OSDI's {@code given_name} and {@code family_name}: the last word is the family name, the
 * words before it the given name ("Ada King Lovelace" → "Ada King", "Lovelace"); a single word is a given name only.
 * Joining puts them back with one space. Plain values in, plain values out.
 */
public final class PersonNames {

    /** A name as OSDI splits it; {@code family} may be null. */
    public record Split(String given, String family) {
    }

    private PersonNames() {
    }

    /** Null or blank: null (no name to give). */
    public static Split split(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String stripped = name.strip().replaceAll("\\s+", " ");
        int space = stripped.lastIndexOf(' ');
        return space > 0 ? new Split(stripped.substring(0, space), stripped.substring(space + 1)) : new Split(stripped, null);
    }

    /** The given and family names as one name; null when both are missing or blank. */
    public static String join(String given, String family) {
        String first = given == null ? "" : given.strip();
        String last = family == null ? "" : family.strip();
        String joined = (first + " " + last).strip();
        return joined.isEmpty() ? null : joined;
    }
}
