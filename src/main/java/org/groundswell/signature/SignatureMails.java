package org.groundswell.signature;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.campaign.Campaign;
import org.groundswell.steps.RenderedStep;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.mail.Outbox;

import java.util.List;

/** Writes the supporter's mails (rendered now, HTML and text) into the outbox. */
@ApplicationScoped
public class SignatureMails {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance confirmationHtml(String name, String campaignTitle, String confirmUrl);

        static native TemplateInstance confirmationTxt(String name, String campaignTitle, String confirmUrl);

        static native TemplateInstance stepsHtml(String name, String campaignTitle, String campaignUrl, List<RenderedStep> steps);

        static native TemplateInstance stepsTxt(String name, String campaignTitle, String campaignUrl, List<RenderedStep> steps);
    }

    private final Outbox outbox;
    private final GroundswellConfig config;

    public SignatureMails(Outbox outbox, GroundswellConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    public void confirmation(String email, String name, Campaign campaign, String token) {
        String confirmUrl = config.publicBaseUrl() + "/confirm/" + token;
        outbox.enqueue("CONFIRMATION", email, "Please confirm your signature: " + campaign.title,
                Templates.confirmationHtml(name, campaign.title, confirmUrl).render(),
                Templates.confirmationTxt(name, campaign.title, confirmUrl).render());
    }

    public void steps(Signature signature, Campaign campaign, List<RenderedStep> steps) {
        String campaignUrl = config.publicBaseUrl() + "/c/" + campaign.slug;
        outbox.enqueue("STEPS", signature.email, "Your signature counts. Next steps: " + campaign.title,
                Templates.stepsHtml(signature.name, campaign.title, campaignUrl, steps).render(),
                Templates.stepsTxt(signature.name, campaign.title, campaignUrl, steps).render());
    }
}
