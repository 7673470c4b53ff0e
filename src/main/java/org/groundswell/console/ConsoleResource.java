package org.groundswell.console;

import io.quarkus.runtime.LaunchMode;
import org.groundswell.campaign.CampaignAccess;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.groundswell.campaign.CampaignService;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.security.Caller;
import org.groundswell.security.ClientAddress;
import org.groundswell.security.ConsoleSessions;
import org.groundswell.security.SessionCookieMechanism;

import org.groundswell.console.dashboard.DashboardService;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.groundswell.web.HtmlResponses.noStore;

/**
 * The console's front door: the sign-in form (or, signed in, the person's campaigns), the sign-in link and its
 * button, signing out. Routes are open to all at the REST layer: a page that needs a session sends the browser to
 * the sign-in form (303); {@link ConsoleGuard} refuses state-changing requests from elsewhere before they get here.
 */
@Path("/organise")
@Tag(name = "console")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class ConsoleResource {

    private final SignInService signIns;
    private final ConsoleSessions sessions;
    private final CampaignService campaigns;
    private final Caller caller;
    private final GroundswellConfig config;
    private final DashboardService dashboards;

    public ConsoleResource(SignInService signIns, ConsoleSessions sessions, CampaignService campaigns, Caller caller,
                           GroundswellConfig config, DashboardService dashboards) {
        this.dashboards = dashboards;
        this.signIns = signIns;
        this.sessions = sessions;
        this.campaigns = campaigns;
        this.caller = caller;
        this.config = config;
    }

    @GET
    @Operation(summary = "Console page: the signed-in person's campaigns, or the sign-in form")
    public Response index() {
        if (!caller.hasSession()) {
            return signInForm(200, "", null, false);
        }
        String email = caller.email().orElseThrow();
        List<CampaignService.Related> related = campaigns.listFor(CampaignAccess.Requester.of(caller));
        Map<Long, Long> lastDay = dashboards.confirmedLastDay(related.stream().map(r -> r.campaign().id()).toList());
        return noStore(200, ConsolePages.campaigns(email, related.stream().map(r -> CampaignRow.of(r, lastDay)).toList(),
                caller.organiserId().isPresent()));
    }

    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Console form: mail a sign-in link; the answer is the same whether or not the address is known")
    public Response requestLink(@FormParam("email") String email, @Context HttpServerRequest request) {
        String typed = email == null ? "" : email.strip();
        if (typed.length() > 254 || !signIns.request(typed, ClientAddress.of(request))) {
            return signInForm(400, typed.length() > 254 ? "" : typed, "Please enter a valid e-mail address, such as ada@example.org.", false);
        }
        return signInForm(200, "", null, true);
    }

    @GET
    @Path("sign-in/{token}")
    @Operation(summary = "Console page: a button to sign in with the link from the mail; signs no one in")
    public Response showLink(@PathParam("token") String token) {
        LinkLookup found = signIns.look(token);
        if (found instanceof LinkLookup.Valid valid) {
            return noStore(200, ConsolePages.signInLink(valid.email(), token));
        }
        return linkFailure(found);
    }

    @POST
    @Path("sign-in/{token}")
    @Operation(summary = "Console form: sign in with the link from the mail, once; a new session")
    public Response useLink(@PathParam("token") String token) {
        return signIns.signIn(token)
                .map(id -> Response.seeOther(URI.create(SessionCookieMechanism.PATH)).header("Set-Cookie", sessionCookie(id))
                        .build())
                .orElseGet(() -> linkFailure(signIns.look(token)));
    }

    @POST
    @Path("sign-out")
    @Operation(summary = "Console form: sign out (this session ends)")
    public Response signOut(@CookieParam(SessionCookieMechanism.COOKIE) String sessionId) {
        sessions.end(sessionId);
        return Response.seeOther(URI.create(SessionCookieMechanism.PATH)).header("Set-Cookie", expiredCookie()).build();
    }

    @POST
    @Path("sign-out-everywhere")
    @Operation(summary = "Console form: sign out everywhere (every session of the person ends)")
    public Response signOutEverywhere() {
        if (caller.hasSession()) {
            sessions.endAllOf(caller.email().orElseThrow());
        }
        return Response.seeOther(URI.create(SessionCookieMechanism.PATH)).header("Set-Cookie", expiredCookie()).build();
    }

    private Response signInForm(int status, String email, String error, boolean sent) {
        return noStore(status, ConsolePages.signIn(email, error, sent, config.console().linkLifetime().toMinutes(),
                LaunchMode.current() == LaunchMode.DEVELOPMENT));
    }

    private Response linkFailure(LinkLookup found) {
        if (found instanceof LinkLookup.Used) {
            return noStore(410, ConsolePages.message("Link already used",
                    "This sign-in link has signed someone in already; each link works once. Ask for a new one.", null));
        }
        if (found instanceof LinkLookup.Expired) {
            return noStore(410, ConsolePages.message("Link expired", "This sign-in link worked for "
                    + config.console().linkLifetime().toMinutes() + " minutes after it was mailed. Ask for a new one.", null));
        }
        return noStore(404, ConsolePages.message("Link not valid",
                "This sign-in link is not valid. Please use the link from your most recent sign-in mail, or ask for a new one.", null));
    }

    /** The session's cookie: only for the console's paths, never sent by another site's request, out of scripts' reach. */
    private String sessionCookie(String id) {
        return SessionCookieMechanism.COOKIE + "=" + id + "; Path=" + SessionCookieMechanism.PATH + "; Max-Age="
                + config.console().sessionLifetime().toSeconds() + "; HttpOnly; SameSite=Strict" + secure();
    }

    private String expiredCookie() {
        return SessionCookieMechanism.COOKIE + "=; Path=" + SessionCookieMechanism.PATH + "; Max-Age=0; HttpOnly; SameSite=Strict"
                + secure();
    }

    private String secure() {
        return config.publicBaseUrl().startsWith("https:") ? "; Secure" : "";
    }
}
