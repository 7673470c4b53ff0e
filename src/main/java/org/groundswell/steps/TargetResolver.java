package org.groundswell.steps;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.campaign.CampaignSnapshot.Step;
import org.groundswell.congress.CongressDirectory;
import org.groundswell.congress.Legislator;
import org.groundswell.congress.UsStates;

import java.util.List;
import java.util.Optional;

/** Finds who a step is addressed to for a given supporter. */
@ApplicationScoped
public class TargetResolver {

    private final CongressDirectory congress;

    public TargetResolver(CongressDirectory congress) {
        this.congress = congress;
    }

    public TargetResolution resolve(Step step, Supporter supporter) {
        return switch (step.targetType()) {
            case FIXED -> TargetResolution.of(new ResolvedTarget(step.targetName(), step.targetName(), step.targetEmail(),
                    step.targetPhone(), step.targetPostalAddress(), step.targetUrl()));
            case SENATORS -> senators(step, supporter);
            case HOUSE_REPRESENTATIVE -> houseMember(step, supporter);
        };
    }

    private TargetResolution senators(Step step, Supporter supporter) {
        Optional<String> found = state(supporter);
        if (found.isEmpty()) {
            return notInState(step, supporter, "U.S. senators");
        }
        String state = found.get();
        if (!UsStates.hasSenators(state)) {
            return TargetResolution.none("Supporters in " + UsStates.name(state) + " have no U.S. senators, so this step is not for you.", null);
        }
        List<Legislator> senators = congress.of(state).senators();
        if (senators.isEmpty()) {
            return TargetResolution.none("Your U.S. senators could not be looked up.", step.targetUrl());
        }
        return TargetResolution.of(targets(senators));
    }

    private TargetResolution houseMember(Step step, Supporter supporter) {
        Optional<String> found = state(supporter);
        if (found.isEmpty()) {
            return notInState(step, supporter, "House representative");
        }
        String state = found.get();
        if (supporter.district() != null) {
            List<Legislator> members = congress.of(state).houseMember(supporter.district());
            return members.isEmpty()
                    ? TargetResolution.none("There is no current House member for " + state + "-" + supporter.district()
                    + " in our records: the seat may be vacant.", step.targetUrl())
                    : TargetResolution.of(targets(members));
        }
        List<Legislator> members = congress.of(state).houseMembers();
        if (members.isEmpty()) {
            return TargetResolution.none("Your House representative could not be looked up.", step.targetUrl());
        }
        if (members.size() == 1) {
            return TargetResolution.of(targets(members)); // an at-large seat: the district does not matter
        }
        return new TargetResolution(targets(members), "You did not give your congressional district, so here are all "
                + members.size() + " House members for " + UsStates.name(state) + ".", step.targetUrl());
    }

    private static TargetResolution notInState(Step step, Supporter supporter, String who) {
        if (!"US".equals(supporter.country())) {
            return TargetResolution.none("This step is for supporters who vote in the United States; you signed from "
                    + supporter.country() + ".", step.targetUrl());
        }
        return TargetResolution.none("We could not name your " + who + " because your signature gives no U.S. state.",
                step.targetUrl());
    }

    /** The supporter's state code, also for signatures stored before regions were checked ("wa", " WA "). */
    private static Optional<String> state(Supporter supporter) {
        return supporter.isInUnitedStates() ? UsStates.normalise(supporter.region()) : Optional.empty();
    }

    private static List<ResolvedTarget> targets(List<Legislator> members) {
        return members.stream().map(TargetResolver::target).toList();
    }

    /** A member of Congress as a step's addressee: their contact form where they have one, else their site. */
    static ResolvedTarget target(Legislator member) {
        return new ResolvedTarget(member.title(), member.salutation(), null, member.phone, member.officeAddress,
                member.contactForm != null ? member.contactForm : member.url);
    }
}
