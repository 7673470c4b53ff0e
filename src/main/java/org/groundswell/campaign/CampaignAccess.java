package org.groundswell.campaign;

import org.groundswell.security.Caller;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Who may do what with a campaign, in one place for the API and the console: the caller's relation to the campaign
 * and an action in, a decision out. No relation is {@link Decision#NOT_FOUND} (another person's campaign does not
 * exist for them); a relation without the right is {@link Decision#FORBIDDEN}.
 */
public final class CampaignAccess {

    /** How the caller stands to the campaign. */
    public enum Relation { OWNER, EDITOR, VIEWER, ADMIN, NONE }

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
        DELETE
    }

    public enum Decision { ALLOW, FORBIDDEN, NOT_FOUND }

    /**
     * Who asks, as plain values: the admin, an organiser (their id) and the e-mail address they are known by (an
     * organiser's, or a team member's signed in to the console); any may be absent.
     */
    public record Requester(boolean admin, Long organiserId, String email) {

        public static final Requester ANONYMOUS = new Requester(false, null, null);

        /** The caller (bearer token or console session) as the access rules see them. */
        public static Requester of(Caller caller) {
            return new Requester(caller.isAdmin(), caller.organiserId().orElse(null), caller.email().orElse(null));
        }

        /** The relation, given the campaign's owner and the requester's role in its team (null: none). */
        public Relation relationTo(long ownerId, Relation teamRole) {
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
            Relation.EDITOR, EnumSet.complementOf(EnumSet.of(Action.MANAGE_TEAM, Action.MANAGE_WEBHOOKS, Action.DELETE)),
            Relation.VIEWER, EnumSet.of(Action.VIEW),
            Relation.ADMIN, EnumSet.of(Action.VIEW, Action.REVIEW),
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
