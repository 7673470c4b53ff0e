package org.groundswell.steps;

/** What a step template may know about the supporter: never the e-mail address. */
public record Supporter(String name, String country, String region, String postalCode, Integer district) {

    public boolean isInUnitedStates() {
        return "US".equals(country) && region != null && !region.isBlank();
    }
}
