package org.groundswell.congress;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The USPS codes of the places represented in Congress: the 50 states (two senators each), DC and five territories. */
public final class UsStates {

    private static final Map<String, String> NAMES = new TreeMap<>(Map.ofEntries(
            Map.entry("AL", "Alabama"), Map.entry("AK", "Alaska"), Map.entry("AZ", "Arizona"),
            Map.entry("AR", "Arkansas"), Map.entry("CA", "California"), Map.entry("CO", "Colorado"),
            Map.entry("CT", "Connecticut"), Map.entry("DE", "Delaware"), Map.entry("FL", "Florida"),
            Map.entry("GA", "Georgia"), Map.entry("HI", "Hawaii"), Map.entry("ID", "Idaho"),
            Map.entry("IL", "Illinois"), Map.entry("IN", "Indiana"), Map.entry("IA", "Iowa"),
            Map.entry("KS", "Kansas"), Map.entry("KY", "Kentucky"), Map.entry("LA", "Louisiana"),
            Map.entry("ME", "Maine"), Map.entry("MD", "Maryland"), Map.entry("MA", "Massachusetts"),
            Map.entry("MI", "Michigan"), Map.entry("MN", "Minnesota"), Map.entry("MS", "Mississippi"),
            Map.entry("MO", "Missouri"), Map.entry("MT", "Montana"), Map.entry("NE", "Nebraska"),
            Map.entry("NV", "Nevada"), Map.entry("NH", "New Hampshire"), Map.entry("NJ", "New Jersey"),
            Map.entry("NM", "New Mexico"), Map.entry("NY", "New York"), Map.entry("NC", "North Carolina"),
            Map.entry("ND", "North Dakota"), Map.entry("OH", "Ohio"), Map.entry("OK", "Oklahoma"),
            Map.entry("OR", "Oregon"), Map.entry("PA", "Pennsylvania"), Map.entry("RI", "Rhode Island"),
            Map.entry("SC", "South Carolina"), Map.entry("SD", "South Dakota"), Map.entry("TN", "Tennessee"),
            Map.entry("TX", "Texas"), Map.entry("UT", "Utah"), Map.entry("VT", "Vermont"),
            Map.entry("VA", "Virginia"), Map.entry("WA", "Washington"), Map.entry("WV", "West Virginia"),
            Map.entry("WI", "Wisconsin"), Map.entry("WY", "Wyoming"),
            Map.entry("DC", "the District of Columbia"), Map.entry("AS", "American Samoa"), Map.entry("GU", "Guam"),
            Map.entry("MP", "the Northern Mariana Islands"), Map.entry("PR", "Puerto Rico"),
            Map.entry("VI", "the U.S. Virgin Islands")));

    /** Not states: a non-voting House delegate each, and no senators. */
    private static final Set<String> WITHOUT_SENATORS = Set.of("DC", "AS", "GU", "MP", "PR", "VI");

    public static final int MAX_DISTRICT = 53;

    private UsStates() {
    }

    /** The code in upper case if it is one of ours; empty for anything else (including null). */
    public static Optional<String> normalise(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String upper = code.strip().toUpperCase(Locale.ROOT);
        return NAMES.containsKey(upper) ? Optional.of(upper) : Optional.empty();
    }

    public static boolean hasSenators(String code) {
        return NAMES.containsKey(code) && !WITHOUT_SENATORS.contains(code);
    }

    public static String name(String code) {
        return NAMES.getOrDefault(code, code);
    }

    /** Every code, in code order. */
    public static Set<String> codes() {
        return NAMES.keySet();
    }
}
