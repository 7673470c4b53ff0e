package org.groundswell.campaign;

import org.groundswell.common.FieldError;
import org.groundswell.common.InvalidInputException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The origins that may frame a campaign's signing widget: plain values in, the normalised list (or every field
 * error at once) out. Each is a bare origin, {@code https://host[:port]}: no path (a lone trailing {@code /} is
 * dropped), query, fragment, user or wildcard. {@code http://} only for {@code localhost}, {@code 127.0.0.1} and
 * {@code [::1]}, for trying a partner page on one's own machine. Host names in ASCII (an internationalised name in
 * its {@code xn--} form), because they go into a {@code Content-Security-Policy} header as they are; for the same
 * reason no IPv6 address but {@code [::1]} (CSP's grammar has no IPv6 literals, so a browser may ignore even that one:
 * {@code http://localhost} is the safe spelling). Scheme and host in lower case, the scheme's default port left out,
 * duplicates once. At most {@link #MAX}; an empty list means any {@code https:} origin.
 */
public final class EmbedOrigins {

    public static final int MAX = 20;

    private static final Pattern ORIGIN = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://(\\[[^\\]]*]|[^:/?#\\[\\]]*)(?::(\\d{1,5}))?(/?)");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private EmbedOrigins() {
    }

    /** The normalised origins, in the order given; an {@link InvalidInputException} naming every bad one. */
    public static List<String> normalise(List<String> origins) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> normalised = new LinkedHashSet<>();
        if (origins.size() > MAX) {
            errors.add(new FieldError("embedOrigins", "at most " + MAX + " origins"));
        }
        for (int i = 0; i < origins.size(); i++) {
            String origin = origins.get(i);
            String problem = problemOf(origin);
            if (problem != null) {
                errors.add(new FieldError("embedOrigins[" + i + "]", problem));
            } else {
                normalised.add(normalised(origin));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return List.copyOf(normalised);
    }

    /** As stored: separated by single spaces. */
    public static String join(List<String> origins) {
        return String.join(" ", origins);
    }

    public static List<String> split(String stored) {
        return stored == null || stored.isBlank() ? List.of() : List.of(stored.strip().split(" +"));
    }

    /** What is wrong with one origin, naming it, or null when it is a bare origin that may frame the widget. */
    static String problemOf(String value) {
        String origin = value == null ? "" : value.strip();
        String shown = "'" + (origin.length() > 60 ? origin.substring(0, 60) + "…" : origin) + "'";
        if (origin.isEmpty()) {
            return "must be an origin such as https://partner.example.org, not empty";
        }
        if (origin.contains("*")) {
            return shown + ": no wildcards; name each origin (an empty list lets any https: site embed the widget)";
        }
        Matcher m = ORIGIN.matcher(origin);
        if (!m.matches()) {
            return shown + " must be a bare origin such as https://partner.example.org (scheme, host and port only: no path, query or user)";
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String host = m.group(2).toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return shown + " must start with https://";
        }
        if (scheme.equals("http") && !LOCAL_HOSTS.contains(host)) {
            return shown + " must be https:// (http:// only for localhost, 127.0.0.1 or [::1], for development)";
        }
        if (m.group(3) != null) {
            int port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) {
                return shown + ": the port must be between 1 and 65535";
            }
        }
        if (host.startsWith("[")) {
            return host.equals("[::1]") ? null
                    : shown + ": an IPv6 address cannot be named in a Content-Security-Policy; use its host name";
        }
        if (!host.chars().allMatch(c -> c < 128)) {
            return shown + ": write an international host name in its ASCII (xn--) form";
        }
        if (host.isEmpty() || host.length() > 253 || host.endsWith(".")
                || !java.util.Arrays.stream(host.split("\\.", -1)).allMatch(label -> LABEL.matcher(label).matches())) {
            return shown + " has no valid host name";
        }
        return null;
    }

    private static String normalised(String value) {
        Matcher m = ORIGIN.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(value);
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String host = m.group(2).toLowerCase(Locale.ROOT);
        String port = m.group(3) == null ? null : Integer.toString(Integer.parseInt(m.group(3)));
        boolean defaultPort = port == null || scheme.equals("https") && port.equals("443") || scheme.equals("http") && port.equals("80");
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
