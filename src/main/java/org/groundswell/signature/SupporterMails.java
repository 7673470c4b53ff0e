package org.groundswell.signature;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.mail.OutgoingMail;
import org.groundswell.security.SignedLinks;
import org.groundswell.steps.RenderedStep;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mails to a supporter, rendered now (HTML and text), each with a one-click unsubscribe link (also in its
 * List-Unsubscribe header) and a link to remove the signature.
 */
@ApplicationScoped
public class SupporterMails {

    @CheckedTemplate(basePath = "SignatureMails")
    static class Templates {
        // The confirmation goes to an address nobody has confirmed yet: it carries the campaign's own words only,
        // never what the signer typed (a name could be a message to whoever owns the address).
        static native TemplateInstance confirmationHtml(String campaignTitle, String confirmUrl, long linkDays,
                                                        String unsubscribeUrl, String removeUrl);

        static native TemplateInstance confirmationTxt(String campaignTitle, String confirmUrl, long linkDays,
                                                       String unsubscribeUrl, String removeUrl);

        static native TemplateInstance stepsHtml(String name, String campaignTitle, String campaignUrl, List<RenderedStep> steps,
                                                 String unsubscribeUrl, String removeUrl);

        static native TemplateInstance stepsTxt(String name, String campaignTitle, String campaignUrl, List<RenderedStep> steps,
                                                String unsubscribeUrl, String removeUrl);
    }

    private static final int MAX_SKELETONS = 1_000;

    private final GroundswellConfig config;
    private final SignedLinks links;
    /** The confirmation mail of each campaign title, rendered once: the surge path only fills in the slots. */
    private final Map<String, MailSkeleton[]> confirmationSkeletons = new ConcurrentHashMap<>();

    public SupporterMails(GroundswellConfig config, SignedLinks links) {
        this.config = config;
        this.links = links;
    }

    /** The confirmation mail: the campaign's words and the links, nothing the signer typed. */
    public OutgoingMail confirmation(long signatureId, String email, String campaignTitle, String token) {
        MailSkeleton[] skeleton = confirmationSkeletons.get(campaignTitle);
        if (skeleton == null) {
            if (confirmationSkeletons.size() >= MAX_SKELETONS) {
                confirmationSkeletons.clear();
            }
            skeleton = confirmationSkeleton(campaignTitle, config.signing().confirmationLinkLifetime().toDays());
            confirmationSkeletons.put(campaignTitle, skeleton);
        }
        String unsubscribeUrl = unsubscribeUrl(signatureId);
        String[] values = {config.publicBaseUrl() + "/confirm/" + token, unsubscribeUrl, removeUrl(signatureId)};
        return new OutgoingMail("CONFIRMATION", OutgoingMail.URGENT, email, "Please confirm your signature: " + campaignTitle,
                skeleton[0].fill(values), skeleton[1].fill(values), signatureId, unsubscribeUrl);
    }

    public OutgoingMail steps(Signature signature, CampaignSnapshot campaign, List<RenderedStep> steps) {
        return steps(signature, campaign, steps, unsubscribeUrl(signature.id), removeUrl(signature.id));
    }

    /**
     * The steps mail of a signature that is not stored (a preview): the same mail, with placeholder links to
     * unsubscribe and remove (they lead to the "link not valid" pages), to nobody.
     */
    public OutgoingMail stepsPreview(Signature signature, CampaignSnapshot campaign, List<RenderedStep> steps) {
        return steps(signature, campaign, steps, previewLink("u"), previewLink("remove"));
    }

    /** A link of a mail shown in a preview, where the real mail has the supporter's own signed link. */
    public String previewLink(String path) {
        return config.publicBaseUrl() + "/" + path + "/preview";
    }

    private OutgoingMail steps(Signature signature, CampaignSnapshot campaign, List<RenderedStep> steps, String unsubscribeUrl,
                               String removeUrl) {
        String campaignUrl = config.campaignUrl(campaign.slug());
        return new OutgoingMail("STEPS", OutgoingMail.NORMAL, signature.email, "Your signature counts. Next steps: " + campaign.title(),
                Templates.stepsHtml(signature.name, campaign.title(), campaignUrl, steps, unsubscribeUrl, removeUrl).render(),
                Templates.stepsTxt(signature.name, campaign.title(), campaignUrl, steps, unsubscribeUrl, removeUrl).render(),
                signature.id, unsubscribeUrl);
    }

    public String unsubscribeUrl(long signatureId) {
        return config.publicBaseUrl() + "/u/" + links.token(SignedLinks.UNSUBSCRIBE, signatureId);
    }

    public String removeUrl(long signatureId) {
        return config.publicBaseUrl() + "/remove/" + links.token(SignedLinks.REMOVE, signatureId);
    }

    private static MailSkeleton[] confirmationSkeleton(String campaignTitle, long linkDays) {
        String[] slots = {MailSkeleton.slot(0), MailSkeleton.slot(1), MailSkeleton.slot(2)};
        return new MailSkeleton[]{
                MailSkeleton.of(Templates.confirmationHtml(campaignTitle, slots[0], linkDays, slots[1], slots[2]).render(), true),
                MailSkeleton.of(Templates.confirmationTxt(campaignTitle, slots[0], linkDays, slots[1], slots[2]).render(), false)};
    }
}
