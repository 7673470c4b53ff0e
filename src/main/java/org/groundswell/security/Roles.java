package org.groundswell.security;

/** The roles: the three a bearer token can carry (admin, organiser, partner), and the console's team members. */
public final class Roles {

    /** The operator, holding groundswell.admin-token. */
    public static final String ADMIN = "admin";

    /** Someone who runs campaigns, holding a token the admin created for them. */
    public static final String ORGANISER = "organiser";

    /**
     * A partner system holding one of an organiser's API keys (org.groundswell.apikeys): it may act on that
     * organiser's campaigns the key lists (all when it lists none), within org.groundswell.campaign.CampaignAccess's
     * rights of a partner; never an organiser, so it manages neither keys nor campaigns.
     */
    public static final String PARTNER = "partner";

    /**
     * Someone signed in to the console who is no organiser: a member of campaign teams, whose rights come from them
     * (org.groundswell.campaign.CampaignAccess).
     */
    public static final String MEMBER = "member";

    private Roles() {
    }
}
