package org.groundswell.steps;

import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.campaign.CampaignSnapshot.Step;
import org.groundswell.campaign.StepKind;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Turns a campaign's action steps into ready-to-use steps for one supporter. */
@ApplicationScoped
public class StepRenderer {

    private final TargetResolver targets;

    public StepRenderer(TargetResolver targets) {
        this.targets = targets;
    }

    public List<RenderedStep> render(List<Step> steps, Supporter supporter) {
        List<RenderedStep> rendered = new ArrayList<>();
        for (Step step : steps) {
            TargetResolution resolution = targets.resolve(step, supporter);
            // A notice goes first: alone when no target was found, or before targets it explains.
            if (resolution.targets().isEmpty() || resolution.notice() != null) {
                rendered.add(new RenderedStep(step.position(), step.kind(), step.title(), step.instructions(),
                        null, null, null, null, resolution.fallbackUrl(), null, null, null, resolution.notice()));
            }
            for (ResolvedTarget target : resolution.targets()) {
                rendered.add(render(step, supporter, target));
            }
        }
        return rendered;
    }

    private static RenderedStep render(Step step, Supporter supporter, ResolvedTarget target) {
        String subject = oneLine(MessageTemplates.render(step.subjectTemplate(), supporter, target));
        String message = MessageTemplates.render(step.messageTemplate(), supporter, target).strip();
        String mailto = step.kind() == StepKind.EMAIL && target.email() != null ? mailto(target.email(), subject, message) : null;
        return new RenderedStep(step.position(), step.kind(), step.title(), step.instructions(), target.name(), target.email(),
                target.phone(), target.postalAddress(), target.url(), subject, message, mailto, null);
    }

    static String mailto(String address, String subject, String body) {
        StringBuilder link = new StringBuilder("mailto:").append(encode(address).replace("%40", "@"));
        String separator = "?";
        if (!subject.isEmpty()) {
            link.append(separator).append("subject=").append(encode(subject));
            separator = "&";
        }
        if (!body.isEmpty()) {
            link.append(separator).append("body=").append(encode(body.replace("\r\n", "\n").replace("\n", "\r\n")));
        }
        return link.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String oneLine(String value) {
        return value.replaceAll("[\\r\\n\\t]+", " ").strip();
    }
}
