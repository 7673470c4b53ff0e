package org.groundswell.web;

import jakarta.ws.rs.core.MultivaluedMap;

/** The signing form as the supporter typed it, kept to fill the form again when something is wrong. */
public record SignForm(String name, String email, String country, String state, String district, String region,
                       String postalCode, boolean consent) {

    static final SignForm EMPTY = new SignForm("", "", "", "", "", "", "", false);

    static SignForm of(MultivaluedMap<String, String> fields) {
        return new SignForm(value(fields, "name"), value(fields, "email"), value(fields, "country"), value(fields, "state"),
                value(fields, "district"), value(fields, "region"), value(fields, "postalCode"),
                "on".equals(fields.getFirst("consent")));
    }

    public boolean inUnitedStates() {
        return "US".equalsIgnoreCase(country);
    }

    private static String value(MultivaluedMap<String, String> fields, String name) {
        String value = fields.getFirst(name);
        return value == null ? "" : value;
    }
}
