package org.groundswell.web;

import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.campaign.CampaignService;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.campaign.PlaceCounts;
import org.groundswell.common.UnknownResourceException;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.http.PublicReads;
import org.groundswell.http.SecurityHeaders;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import static org.groundswell.web.HtmlResponses.HTML;

/**
 * A campaign on other sites: the signing widget ({@code /c/{slug}/embed}, which the campaign's embed origins may
 * frame, and which {@code /embed.js} inserts and sizes), the progress badge ({@code /c/{slug}/badge.svg}) and the
 * oEmbed document ({@code /oembed}) that content systems ask for when someone pastes a campaign's URL. The widget is
 * the campaign page's form (the same {@link SigningForms}, stamp and limits), the same for every visitor, served
 * from memory ({@link PublicReads}), and like every page it sets no cookie. Only its answers carry a
 * {@code frame-ancestors} other than {@code 'none'} ({@link SecurityHeaders#framedBy}).
 */
@Path("/")
@Tag(name = "pages")
@PermitAll
public class EmbedResource {

    /** The widget's size in the oEmbed document's frame (no script there to size it). */
    static final int FRAME_WIDTH = 480;
    static final int FRAME_HEIGHT = 720;

    private final CampaignService campaigns;
    private final SigningForms forms;
    private final PublicReads reads;
    private final GroundswellConfig config;
    private final byte[] script;

    public EmbedResource(CampaignService campaigns, SigningForms forms, PublicReads reads, GroundswellConfig config) {
        this.campaigns = campaigns;
        this.forms = forms;
        this.reads = reads;
        this.config = config;
        this.script = resource("embed/embed.js");
    }

    @GET
    @Path("c/{slug}/embed")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Widget: a campaign's count and signing form, compact, for a partner's frame (see /embed.js)")
    public Response embed(@PathParam("slug") String slug, @HeaderParam("If-None-Match") String ifNoneMatch) {
        PublicReads.Representation page = reads.get(slug, PublicReads.View.EMBED_PAGE, () -> campaigns.findFresh(slug)
                .map(campaign -> {
                    PlaceCounts counts = campaigns.counts(campaign);
                    String html = WebPages.embed(page(campaign, counts, SignForm.EMPTY, Map.of(), forms.stamp())).render();
                    // The ETag stands for what the widget shows and who may frame it, not for the stamp in its form.
                    return PublicReads.Built.of(html, HTML.toString(), Instant.now(),
                                    campaign.updatedAt() + "/" + campaign.signatureCount() + "/" + campaign.embedOrigins())
                            .withHeader("Content-Security-Policy", SecurityHeaders.framedBy(campaign.embedOrigins()));
                })
                .orElse(null));
        return page == null ? notFound() : page.toResponse(ifNoneMatch);
    }

    @POST
    @Path("c/{slug}/embed")
    @Blocking
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Form: sign a campaign from its widget; the answer stays in the frame")
    public CompletionStage<Response> sign(@PathParam("slug") String slug, MultivaluedMap<String, String> fields,
                                          @Context HttpServerRequest request) {
        return forms.answer(slug, fields, request, this::notFound,
                (campaign, again) -> Response.status(again.status()).type(HTML)
                        .entity(WebPages.embed(page(campaign, again.counts(), again.form(), again.errors(), again.stamp())))
                        .header("Cache-Control", "no-store")
                        .header("Content-Security-Policy", SecurityHeaders.framedBy(campaign.embedOrigins())).build(),
                campaign -> Response.ok(WebPages.embedThanks(campaign, config.campaignUrl(slug),
                                String.join(" ", campaign.embedOrigins())))
                        .type(HTML).header("Cache-Control", "no-store")
                        .header("Content-Security-Policy", SecurityHeaders.framedBy(campaign.embedOrigins())).build());
    }

    @GET
    @Path("embed.js")
    @Produces("text/javascript")
    @Operation(summary = "Script for partners' pages: inserts a campaign's widget (data-campaign) and sizes it to its content")
    public Response script(@HeaderParam("If-None-Match") String ifNoneMatch) {
        String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(script)) + "\"";
        Response.ResponseBuilder answer = etag.equals(ifNoneMatch) ? Response.notModified() : Response.ok(script, "text/javascript; charset=utf-8");
        return answer.header("ETag", etag).header("Cache-Control", "public, max-age=3600").build();
    }

    @GET
    @Path("c/{slug}/badge.svg")
    @Produces("image/svg+xml")
    @Operation(summary = "Image: a campaign's count and progress toward its goal, for newsletters and READMEs")
    public Response badge(@PathParam("slug") String slug, @HeaderParam("If-None-Match") String ifNoneMatch) {
        CampaignSnapshot campaign = campaigns.findPublic(slug)
                .orElseThrow(() -> new UnknownResourceException("There is no campaign '" + slug + "'."));
        String svg = Badge.of(campaign.title(), campaign.signatureCount(), campaign.goal(), !campaign.isOpenForSigning()).svg();
        String etag = "\"" + Integer.toHexString(svg.hashCode()) + "\"";
        Response.ResponseBuilder answer = etag.equals(ifNoneMatch) ? Response.notModified()
                : Response.ok(svg.getBytes(StandardCharsets.UTF_8), "image/svg+xml; charset=utf-8");
        // An image: nothing in it may load or run anything, even opened on its own.
        return answer.header("ETag", etag).header("Cache-Control", "public, max-age=5")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'").build();
    }

    @GET
    @Path("oembed")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "oEmbed: the widget's frame for a campaign's URL ({public-url}/c/{slug}); format json only")
    public Response oembed(@QueryParam("url") String url, @QueryParam("format") String format,
                           @QueryParam("maxwidth") String maxWidth, @QueryParam("maxheight") String maxHeight) {
        if (format != null && !format.isBlank() && !format.equals("json")) {
            // oEmbed 2.3.4: a format the provider does not give is 501 Not Implemented.
            return Response.status(501).type(org.groundswell.problem.Problem.MEDIA_TYPE).entity(org.groundswell.problem.Problem.of(501,
                    "Not Implemented", "Only format=json is served.", "/oembed")).build();
        }
        String slug = slugOf(url);
        CampaignSnapshot campaign = slug == null ? null : campaigns.findPublic(slug).orElse(null);
        if (campaign == null) {
            throw new UnknownResourceException("No campaign of this service has that URL.");
        }
        int width = bounded(FRAME_WIDTH, maxWidth);
        int height = bounded(FRAME_HEIGHT, maxHeight);
        String src = config.publicBaseUrl() + "/c/" + campaign.slug() + "/embed";
        String html = "<iframe src=\"" + escape(src) + "\" title=\"" + escape("Sign: " + campaign.title()) + "\" width=\"" + width
                + "\" height=\"" + height + "\" style=\"border:0;max-width:100%\" loading=\"lazy\"></iframe>";
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("type", "rich");
        document.put("version", "1.0");
        document.put("title", campaign.title());
        document.put("provider_name", "Groundswell");
        document.put("provider_url", config.publicBaseUrl() + "/");
        document.put("cache_age", 3600);
        document.put("html", html);
        document.put("width", width);
        document.put("height", height);
        return Response.ok(document).header("Cache-Control", "public, max-age=60").build();
    }

    /** The slug of a campaign URL of this service ({public-url}/c/{slug}, with or without a trailing slash), or null. */
    String slugOf(String url) {
        if (url == null) {
            return null;
        }
        String prefix = config.publicBaseUrl() + "/c/";
        String candidate = url.strip();
        if (!candidate.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return null;
        }
        String slug = candidate.substring(prefix.length());
        slug = slug.endsWith("/") ? slug.substring(0, slug.length() - 1) : slug;
        return slug.matches("[a-z0-9]+(-[a-z0-9]+)*") && slug.length() <= 80 ? slug : null;
    }

    /** The default size, or less when the consumer asks for at most that (oEmbed's maxwidth, maxheight). */
    private static int bounded(int size, String max) {
        if (max == null || !max.strip().matches("\\d{1,6}")) {
            return size;
        }
        return Math.max(1, Math.min(size, Integer.parseInt(max.strip())));
    }

    private CampaignPage page(CampaignSnapshot campaign, PlaceCounts counts, SignForm form, Map<String, String> errors, String stamp) {
        return new CampaignPage(campaign, counts, config.campaignUrl(campaign.slug()), form, errors, stamp, true);
    }

    private Response notFound() {
        return HtmlResponses.html(404, WebPages.error(404, "Campaign not found",
                "There is no campaign at this address. It may have been renamed, or the link may be incomplete."));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static byte[] resource(String name) {
        try (InputStream in = EmbedResource.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
