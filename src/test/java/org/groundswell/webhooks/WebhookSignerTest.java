package org.groundswell.webhooks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signer against the published test vector of the Standard Webhooks specification. */
class WebhookSignerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void signsThePublishedTestVector() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSigner.sign("msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}", List.of(WebhookSigner.decode(SECRET))));
    }

    @Test
    void duringARotationBothSecretsSignSpaceSeparated() {
        byte[] other = WebhookSigner.newSecret();
        String both = WebhookSigner.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}",
                List.of(other, WebhookSigner.decode(SECRET)));
        String[] parts = both.split(" ");
        assertEquals(2, parts.length);
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", parts[1]);
    }

    @Test
    void aNewSecretIsWhsecAndThirtyTwoRandomBytes() {
        String shown = WebhookSigner.display(WebhookSigner.newSecret());
        assertTrue(shown.startsWith("whsec_"), shown);
        assertEquals(32, WebhookSigner.decode(shown).length);
    }
}
