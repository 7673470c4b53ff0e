package org.groundswell.team;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.groundswell.support.Api;
import org.groundswell.support.Console;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Teams over the API, and the rules of CampaignAccess on the existing API routes and in the console. */
@QuarkusTest
class TeamTest {

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static void invite(String ownerToken, String slug, String email, String role, int status) {
        as(ownerToken).contentType(ContentType.JSON).body(Map.of("email", email, "role", role))
                .post("/api/campaigns/{slug}/team", slug).then().statusCode(status);
    }

    @Test
    void theOwnerInvitesListsAndRemovesTeamMembers() {
        Console.Organiser owner = Console.newOrganiser("Team owner");
        String slug = Api.openCampaign(owner.token());
        String editor = Api.uniqueEmail("editor");
        String viewer = Api.uniqueEmail("viewer");
        as(owner.token()).contentType(ContentType.JSON).body(Map.of("email", "  " + editor.toUpperCase() + " ", "role", "EDITOR"))
                .post("/api/campaigns/{slug}/team", slug).then().statusCode(201)
                .body("email", equalTo(editor), "role", equalTo("EDITOR"));
        invite(owner.token(), slug, viewer, "VIEWER", 201);
        invite(owner.token(), slug, viewer, "VIEWER", 200); // again: nothing new
        as(owner.token()).get("/api/campaigns/{slug}/team", slug).then().statusCode(200)
                .body("email", equalTo(List.of(editor, viewer).stream().sorted().toList()));

        as(owner.token()).contentType(ContentType.JSON).body(Map.of("email", "not an address", "role", "EDITOR"))
                .post("/api/campaigns/{slug}/team", slug).then().statusCode(400).contentType("application/problem+json");
        as(owner.token()).contentType(ContentType.JSON).body(Map.of("email", editor, "role", "OWNER"))
                .post("/api/campaigns/{slug}/team", slug).then().statusCode(400).contentType("application/problem+json");

        as(owner.token()).delete("/api/campaigns/{slug}/team/{email}", slug, viewer).then().statusCode(204);
        as(owner.token()).delete("/api/campaigns/{slug}/team/{email}", slug, viewer).then().statusCode(404);
        as(owner.token()).get("/api/campaigns/{slug}/team", slug).then().body("email", equalTo(List.of(editor)));
    }

    @Test
    void anotherOrganisersCampaignIsNotFoundEverywhere() {
        Console.Organiser owner = Console.newOrganiser("Owner");
        Console.Organiser stranger = Console.newOrganiser("Stranger");
        String slug = Api.openCampaign(owner.token());
        as(stranger.token()).get("/api/campaigns/{slug}/team", slug).then().statusCode(404).contentType("application/problem+json");
        invite(stranger.token(), slug, stranger.email(), "EDITOR", 404);
        as(stranger.token()).delete("/api/campaigns/{slug}/team/{email}", slug, owner.email()).then().statusCode(404);
        as(stranger.token()).get("/api/campaigns/{slug}/signatures.csv", slug).then().statusCode(404);
        as(stranger.token()).get("/api/campaigns/{slug}/updates", slug).then().statusCode(404);
        as(stranger.token()).get("/api/campaigns/{slug}/review", slug).then().statusCode(404);

        String session = Console.signIn(stranger.email());
        Console.home(session).then().statusCode(200).body(containsString("Your campaigns"), not(containsString(slug)));
    }

    @Test
    void anEditorMayEditAndSeeSupportersButNotManageTheTeam() {
        Console.Organiser owner = Console.newOrganiser("Owner");
        Console.Organiser editor = Console.newOrganiser("Editor");
        String slug = Api.openCampaign(owner.token());
        invite(owner.token(), slug, editor.email(), "EDITOR", 201);

        as(editor.token()).contentType(ContentType.JSON).body(Map.of("title", "Edited by the editor"))
                .patch("/api/campaigns/{slug}", slug).then().statusCode(200).body("title", equalTo("Edited by the editor"));
        as(editor.token()).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(200);
        as(editor.token()).get("/api/campaigns/{slug}/signatures.csv", slug).then().statusCode(200);
        as(editor.token()).get("/api/campaigns/{slug}/review", slug).then().statusCode(200);
        as(editor.token()).get("/api/campaigns/{slug}/updates", slug).then().statusCode(200);
        as(editor.token()).get("/api/campaigns/{slug}/team", slug).then().statusCode(403).contentType("application/problem+json");
        invite(editor.token(), slug, Api.uniqueEmail("friend"), "EDITOR", 403);
        as(editor.token()).delete("/api/campaigns/{slug}/team/{email}", slug, editor.email()).then().statusCode(403);
    }

    @Test
    void aViewerSeesTheCampaignButNoSupporterDataNoExportAndNoEdits() {
        Console.Organiser owner = Console.newOrganiser("Owner");
        Console.Organiser viewer = Console.newOrganiser("Viewer");
        String slug = Api.openCampaign(owner.token());
        String supporter = Api.uniqueEmail("supporter");
        Api.signAndConfirm(slug, Api.signature("Private Person", supporter));
        invite(owner.token(), slug, viewer.email(), "VIEWER", 201);

        // Updates are for the owner and editors: a viewer sees the dashboard only, not even the list.
        as(viewer.token()).get("/api/campaigns/{slug}/updates", slug).then().statusCode(403).contentType("application/problem+json");
        as(viewer.token()).contentType(ContentType.JSON).body(Map.of("title", "Hijacked"))
                .patch("/api/campaigns/{slug}", slug).then().statusCode(403).contentType("application/problem+json");
        as(viewer.token()).get("/api/campaigns/{slug}/signatures", slug).then().statusCode(403).body(not(containsString(supporter)));
        as(viewer.token()).get("/api/campaigns/{slug}/signatures.csv", slug).then().statusCode(403).body(not(containsString(supporter)));
        as(viewer.token()).get("/api/campaigns/{slug}/review", slug).then().statusCode(403);
        as(viewer.token()).contentType(ContentType.JSON).body(Map.of("subject", "Hi", "body", "Hello", "test", true))
                .post("/api/campaigns/{slug}/updates", slug).then().statusCode(403);
        as(owner.token()).get("/api/campaigns/{slug}", slug).then().body("title", equalTo("Campaign " + slug));
    }

    @Test
    void aTeamMemberSignsInAndSeesOnlyTheirCampaignsUntilRemoved() {
        Console.Organiser owner = Console.newOrganiser("Owner");
        String mine = Api.openCampaign(owner.token());
        String draft = Api.unique("draft");
        Api.createCampaign(owner.token(), Api.campaign(draft, "DRAFT", List.of()));
        String notShared = Api.openCampaign(owner.token());
        String member = Api.uniqueEmail("member");

        Console.requestLink(member).then().statusCode(200);
        Console.settleSignIns(); // handled before the invitation
        invite(owner.token(), mine, member, "VIEWER", 201);
        invite(owner.token(), draft, member, "EDITOR", 201);
        String session = Console.signIn(member);
        assertEquals(1, Console.signInMails(member), "no link before the invitation");
        String page = Console.home(session).then().statusCode(200).extract().asString();
        assertTrue(page.contains("Campaign " + mine) && page.contains("Campaign " + draft), page);
        assertFalse(page.contains(notShared), page);
        assertTrue(page.contains("you are its viewer") && page.contains("you are its editor"), page);

        as(owner.token()).delete("/api/campaigns/{slug}/team/{email}", draft, member).then().statusCode(204);
        assertFalse(Console.isSignedIn(session), "removing a member ends their sessions");
        String again = Console.signIn(member);
        String after = Console.home(again).then().extract().asString();
        assertTrue(after.contains("Campaign " + mine) && !after.contains(draft), after);
    }
}
