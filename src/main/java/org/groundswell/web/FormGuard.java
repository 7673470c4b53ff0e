package org.groundswell.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.groundswell.security.KeyedHashes;
import org.groundswell.security.ServiceSecrets;
import org.groundswell.common.Tokens;
import org.groundswell.config.GroundswellConfig;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Bot defences of the signing form (its CSRF defence is {@link org.groundswell.http.CrossSiteForms}): a honeypot field people never see
 * (filled: quietly ignored), and a signed time stamp of when the form was served (missing: quietly ignored; too
 * recent, older than an hour or not signed by us: the form is shown again and asks to be sent once more). The
 * stamp is the same for every visitor of the page served in the same half second: nothing per visitor.
 */
@ApplicationScoped
public class FormGuard {

    private final ThreadLocal<Mac> mac;
    private final Duration minimumTime;
    private final Duration maximumAge;
    private final Clock clock;

    /** A stamp older than this is not taken: the form comes back to be sent again. */
    static final Duration MAXIMUM_AGE = Duration.ofHours(1);

    @Inject
    public FormGuard(ServiceSecrets secrets, GroundswellConfig config, Clock clock) {
        // A random key of its own, shared by the replicas through the database.
        this(secrets.key("form-stamp"), config.web().minimumTimeToSubmit(), MAXIMUM_AGE, clock);
    }

    FormGuard(byte[] key, Duration minimumTime, Duration maximumAge, Clock clock) {
        this.mac = KeyedHashes.hmac(key);
        this.minimumTime = minimumTime;
        this.maximumAge = maximumAge;
        this.clock = clock;
    }

    /** A stamp of the moment the form was served, signed so that it cannot be back-dated. */
    public String stamp() {
        String millis = Long.toString(clock.millis());
        return millis + "." + sign(millis);
    }

    public Verdict judge(String stamp, String honeypot) {
        if (honeypot != null && !honeypot.isEmpty()) {
            return Verdict.BOT_HONEYPOT;
        }
        if (stamp == null || stamp.indexOf('.') < 0) {
            return Verdict.BOT_NO_STAMP;
        }
        String millis = stamp.substring(0, stamp.indexOf('.'));
        if (!Tokens.constantTimeEquals(sign(millis), stamp.substring(stamp.indexOf('.') + 1))) {
            // Forged, or signed with a key this service no longer has: a person gets the form back.
            return Verdict.EXPIRED;
        }
        long served;
        try {
            served = Long.parseLong(millis);
        } catch (NumberFormatException e) {
            return Verdict.EXPIRED;
        }
        Duration elapsed = Duration.ofMillis(clock.millis() - served);
        if (elapsed.compareTo(minimumTime) < 0) {
            return Verdict.TOO_FAST;
        }
        return elapsed.compareTo(maximumAge) > 0 ? Verdict.EXPIRED : Verdict.HUMAN;
    }

    private String sign(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.get().doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    public enum Verdict {
        HUMAN,
        EXPIRED,
        BOT_HONEYPOT,
        BOT_NO_STAMP,
        /** Perhaps autofill, perhaps a bot: the form is shown again, and a second try later passes. */
        TOO_FAST;

        public boolean isBot() {
            return name().startsWith("BOT_");
        }
    }
}
