package org.groundswell.security;

/** The roles: the two a bearer token can carry, and the console's team members. */
public final class Roles {

    /** The operator, holding groundswell.admin-token. */
    public static final String ADMIN = "admin";

    /** Someone who runs campaigns, holding a token the admin created for them. */
    public static final String ORGANISER = "organiser";

    /**
     * Someone signed in to the console who is no organiser: a member of campaign teams, whose rights come from them
     * (org.groundswell.campaign.CampaignAccess).
     */
    public static final String MEMBER = "member";

    private Roles() {
    }
}
