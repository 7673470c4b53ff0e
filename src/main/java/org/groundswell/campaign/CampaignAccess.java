package org.groundswell.campaign;

import org.groundswell.security.Caller;
import org.groundswell.security.PartnerKey;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Who may do what with a campaign, in one place for the API and the console: the caller's relation to the campaign
 * and an action in, a decision out. No relation is {@link Decision#NOT_FOUND} (another person's campaign does not
 * exist for them); a relation without the right is {@link Decision#FORBIDDEN}.
 */
public final class CampaignAccess {

    /**
     * How the caller stands to the campaign. PARTNER: an API key of the campaign's owner that lists the campaign (or
     * lists none); a key and any other campaign is NONE.
     */
    public enum Relation { OWNER, EDITOR, VIEWER, ADMIN, PARTNER, NONE }

    public enum Action {
        /** The campaign and its counts (the dashboard). */
        VIEW,
        /** Its fields, steps and status. */
        EDIT,
        /** The supporters' names and addresses. */
        SEE_SUPPORTERS,
        /** The CSV of its supporters. */
        EXPORT,
        /** Held signatures: release and invalidate. */
        REVIEW,
        /** Updates to its supporters. */
        SEND_UPDATES,
        /** Invite and remove editors and viewers. */
        MANAGE_TEAM,
        /** Webhooks to partners (their secrets, their deliveries: supporters' data leaves with them). */
        MANAGE_WEBHOOKS,
        /**
         * Sign for other people as a partner system: per-client-address limits give way to the key's budget (the
         * supporter still confirms by mail).
         */
        RECORD_SIGNATURES,
        DELETE
    }

    public enum Decision { ALLOW, FORBIDDEN, NOT_FOUND }

    /**
     * Who asks, as plain values: the admin, an organiser (their id) and the e-mail address they are known by (an
     * organiser's, or a team member's signed in to the console), or an API key ({@code partner}); any may be absent.
     */
    public record Requester(boolean admin, Long organiserId, String email, PartnerKey partner) {

        public static final Requester ANONYMOUS = new Requester(false, null, null, null);

        /** A person or the admin, without a key. */
        public Requester(boolean admin, Long organiserId, String email) {
            this(admin, organiserId, email, null);
        }

        /** The caller (bearer token, API key or console session) as the access rules see them. */
        public static Requester of(Caller caller) {
            return new Requester(caller.isAdmin(), caller.organiserId().orElse(null), caller.email().orElse(null),
                    caller.partnerKey().orElse(null));
        }

        /**
         * The relation to a campaign, given its id, its owner and the requester's role in its team (null: none). A key
         * is its organiser's PARTNER on the campaigns it covers and nothing anywhere else, whatever its organiser is.
         */
        public Relation relationTo(long campaignId, long ownerId, Relation teamRole) {
            if (partner != null) {
                return partner.organiserId() == ownerId && partner.covers(campaignId) ? Relation.PARTNER : Relation.NONE;
            }
            if (admin) {
                return Relation.ADMIN;
            }
            if (organiserId != null && organiserId == ownerId) {
                return Relation.OWNER;
            }
            return teamRole == null ? Relation.NONE : teamRole;
        }
    }

    private static final Map<Relation, Set<Action>> RIGHTS = Map.of(
            Relation.OWNER, EnumSet.allOf(Action.class),
            Relation.EDITOR, EnumSet.complementOf(EnumSet.of(Action.MANAGE_TEAM, Action.MANAGE_WEBHOOKS, Action.RECORD_SIGNATURES,
                    Action.DELETE)),
            Relation.VIEWER, EnumSet.of(Action.VIEW),
            Relation.ADMIN, EnumSet.of(Action.VIEW, Action.REVIEW),
            Relation.PARTNER, EnumSet.of(Action.VIEW, Action.SEE_SUPPORTERS, Action.RECORD_SIGNATURES, Action.MANAGE_WEBHOOKS),
            Relation.NONE, EnumSet.noneOf(Action.class));

    private CampaignAccess() {
    }

    public static Decision decide(Relation relation, Action action) {
        if (relation == Relation.NONE) {
            return Decision.NOT_FOUND;
        }
        return RIGHTS.get(relation).contains(action) ? Decision.ALLOW : Decision.FORBIDDEN;
    }
}
