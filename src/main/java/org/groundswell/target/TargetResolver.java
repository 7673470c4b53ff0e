package org.groundswell.target;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.campaign.ActionStep;

/** Finds who a step is addressed to for a given supporter. */
@ApplicationScoped
public class TargetResolver {

    public TargetResolution resolve(ActionStep step, Supporter supporter) {
        return switch (step.targetType) {
            case FIXED -> TargetResolution.of(new ResolvedTarget(step.targetName, step.targetName, step.targetEmail,
                    step.targetPhone, step.targetPostalAddress, step.targetUrl));
            case SENATORS, HOUSE_REPRESENTATIVE -> TargetResolution.none(
                    "Your members of Congress could not be looked up.", step.targetUrl);
        };
    }
}
