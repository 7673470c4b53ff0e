package org.groundswell.web;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Choices of the signing form: countries by English name, and U.S. states. */
public final class Places {

    public record Choice(String code, String name) {
    }

    public static final List<Choice> COUNTRIES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2).stream()
            .map(code -> new Choice(code, new Locale("", code).getDisplayCountry(Locale.ENGLISH)))
            .sorted(Comparator.comparing(Choice::name))
            .toList();

    private static final Map<String, String> STATES = new LinkedHashMap<>();

    static {
        String[] pairs = {"AL", "Alabama", "AK", "Alaska", "AS", "American Samoa", "AZ", "Arizona", "AR", "Arkansas",
                "CA", "California", "CO", "Colorado", "CT", "Connecticut", "DE", "Delaware", "DC", "District of Columbia",
                "FL", "Florida", "GA", "Georgia", "GU", "Guam", "HI", "Hawaii", "ID", "Idaho", "IL", "Illinois",
                "IN", "Indiana", "IA", "Iowa", "KS", "Kansas", "KY", "Kentucky", "LA", "Louisiana", "ME", "Maine",
                "MD", "Maryland", "MA", "Massachusetts", "MI", "Michigan", "MN", "Minnesota", "MS", "Mississippi",
                "MO", "Missouri", "MT", "Montana", "NE", "Nebraska", "NV", "Nevada", "NH", "New Hampshire",
                "NJ", "New Jersey", "NM", "New Mexico", "NY", "New York", "NC", "North Carolina", "ND", "North Dakota",
                "MP", "Northern Mariana Islands", "OH", "Ohio", "OK", "Oklahoma", "OR", "Oregon", "PA", "Pennsylvania",
                "PR", "Puerto Rico", "RI", "Rhode Island", "SC", "South Carolina", "SD", "South Dakota",
                "TN", "Tennessee", "TX", "Texas", "UT", "Utah", "VT", "Vermont", "VI", "U.S. Virgin Islands",
                "VA", "Virginia", "WA", "Washington", "WV", "West Virginia", "WI", "Wisconsin", "WY", "Wyoming"};
        for (int i = 0; i < pairs.length; i += 2) {
            STATES.put(pairs[i], pairs[i + 1]);
        }
    }

    public static final List<Choice> US_STATES = STATES.entrySet().stream().map(e -> new Choice(e.getKey(), e.getValue())).toList();

    private Places() {
    }
}
