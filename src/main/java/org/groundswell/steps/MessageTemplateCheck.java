package org.groundswell.steps;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.campaign.StepTemplates;

/** The campaign package's check of step templates: {@link MessageTemplates}' own rules. */
@ApplicationScoped
public class MessageTemplateCheck implements StepTemplates {

    @Override
    public void validate(String field, String source) {
        MessageTemplates.validate(field, source);
    }
}
