package org.groundswell.security;

/** The two roles a bearer token can carry. */
public final class Roles {

    /** The operator, holding groundswell.admin-token. */
    public static final String ADMIN = "admin";

    /** Someone who runs campaigns, holding a token the admin created for them. */
    public static final String ORGANISER = "organiser";

    private Roles() {
    }
}
