package org.groundswell.team;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.EmailAddresses;
import org.groundswell.common.InvalidInputException;
import org.groundswell.common.UnknownResourceException;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.mail.Outbox;
import org.groundswell.security.ConsoleSessions;

import java.util.List;

/**
 * The team of a campaign: people its owner invited by e-mail as editor or viewer. They sign in to the console with
 * that address and see only those campaigns. Removing someone ends their console sessions.
 */
@ApplicationScoped
public class TeamService {

    private final TeamRepository members;
    private final ConsoleSessions sessions;
    private final Outbox outbox;
    private final String consoleUrl;

    public TeamService(TeamRepository members, ConsoleSessions sessions, Outbox outbox, GroundswellConfig config) {
        this.members = members;
        this.sessions = sessions;
        this.outbox = outbox;
        this.consoleUrl = config.publicBaseUrl() + "/organise";
    }

    /** Invites (or changes the role of) a person; someone new to the team is mailed the invitation (through the outbox). */
    @Transactional
    public Invited invite(CampaignSnapshot campaign, String email, TeamRole role) {
        String address = EmailAddresses.normalise(email)
                .orElseThrow(() -> InvalidInputException.field("email", "must be a valid e-mail address"));
        boolean added = members.upsert(campaign.id(), address, role);
        if (added) {
            outbox.enqueue(TeamMails.invited(address, campaign.title(), role, consoleUrl), campaign.id());
        }
        return new Invited(address, role, added);
    }

    /** The normalised address invited, its role, and whether the person was new to the team. */
    public record Invited(String email, TeamRole role, boolean added) {
    }

    @Transactional
    public List<TeamRepository.Member> list(CampaignSnapshot campaign) {
        return members.list(campaign.id());
    }

    /** Removes a person from the team; every console session of theirs ends in the same transaction. */
    @Transactional
    public void remove(CampaignSnapshot campaign, String email) {
        String address = EmailAddresses.normalise(email).orElse(email);
        if (!members.delete(campaign.id(), address)) {
            throw new UnknownResourceException(address + " is not in the team of this campaign.");
        }
        sessions.endAllOf(address);
    }
}
