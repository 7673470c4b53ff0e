package org.groundswell.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

@ConfigMapping(prefix = "groundswell")
public interface GroundswellConfig {

    /** Bearer token of the operator; no default in prod, so the service refuses to start without it. */
    @WithName("admin-token")
    String adminToken();

    /** Base URL that links in mails point to, e.g. https://act.example.org */
    @WithName("public-url")
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** {@link #publicUrl()} without a trailing slash, ready for "/path" to be appended. */
    default String publicBaseUrl() {
        String url = publicUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    Signing signing();

    Outbox outbox();

    Demo demo();

    Congress congress();

    interface Congress {
        /** Imports the bundled congress-legislators snapshot at start when no member is stored. */
        @WithName("import-bundled-on-start")
        @WithDefault("true")
        boolean importBundledOnStart();
    }

    Tally tally();

    Web web();

    interface Web {
        /** A form sent back sooner than this after it was served is taken for a bot and quietly ignored. */
        @WithName("minimum-time-to-submit")
        @WithDefault("PT3S")
        Duration minimumTimeToSubmit();
    }

    Http http();

    interface Http {
        /**
         * The largest request body of every route but the legislator import, which alone may send up to
         * quarkus.http.limits.max-body-size.
         */
        @WithName("max-body-size")
        @WithDefault("64K")
        MemorySize maxBodySize();
    }

    interface Tally {
        /** How often confirmed signatures are folded into the public counts: the most the count lags. */
        @WithDefault("1s")
        String interval();
    }

    interface Signing {
        /** A repeated signature re-sends the confirmation mail at most this often. */
        @WithName("confirmation-resend-interval")
        @WithDefault("PT5M")
        Duration confirmationResendInterval();
    }

    interface Outbox {
        /** How often the dispatcher looks for due mail (a scheduler interval such as 1s). */
        @WithName("poll-interval")
        @WithDefault("1s")
        String pollInterval();

        @WithName("batch-size")
        @WithDefault("20")
        int batchSize();

        @WithName("max-attempts")
        @WithDefault("12")
        int maxAttempts();

        /** First retry delay; each further retry doubles it. */
        @WithName("initial-backoff")
        @WithDefault("PT10S")
        Duration initialBackoff();

        @WithName("max-backoff")
        @WithDefault("PT1H")
        Duration maxBackoff();
    }

    interface Demo {
        /** Loads the demo campaigns at start when they are missing (on in dev, off elsewhere). */
        @WithName("load-on-start")
        @WithDefault("false")
        boolean loadOnStart();
    }
}
