package org.groundswell.web;

import org.groundswell.congress.UsStates;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Choices of the signing form: countries by English name, and U.S. states. */
public final class Places {

    public record Choice(String code, String name) {
    }

    public static final List<Choice> COUNTRIES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2).stream()
            .map(code -> new Choice(code, new Locale("", code).getDisplayCountry(Locale.ENGLISH)))
            .sorted(Comparator.comparing(Choice::name))
            .toList();

    /** By name, as a person looks for theirs ("the District of Columbia" under D). */
    public static final List<Choice> US_STATES = UsStates.codes().stream()
            .map(code -> new Choice(code, UsStates.name(code).replaceFirst("^the ", "")))
            .sorted(Comparator.comparing(Choice::name))
            .toList();

    private Places() {
    }
}
