package org.groundswell.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "groundswell")
public interface GroundswellConfig {

    /** Bearer token of the operator; no default in prod, so the service refuses to start without it. */
    @WithName("admin-token")
    String adminToken();

    /**
     * The master secret (base64, at least 32 bytes) every signed link and key derives from; no default in prod, so
     * the service refuses to start without it (org.groundswell.security.MasterKeys).
     */
    @WithName("secret-key")
    Optional<String> secretKey();

    /** During a rotation, the master secret before {@link #secretKey()}: links it signed still verify. */
    @WithName("secret-key-previous")
    Optional<String> secretKeyPrevious();

    /** Base URL that links in mails point to, e.g. https://act.example.org */
    @WithName("public-url")
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** {@link #publicUrl()} without a trailing slash, ready for "/path" to be appended. */
    default String publicBaseUrl() {
        String url = publicUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The public address of a campaign's page. */
    default String campaignUrl(String slug) {
        return publicBaseUrl() + "/c/" + slug;
    }

    Signing signing();

    Outbox outbox();

    Demo demo();

    Congress congress();

    Jobs jobs();

    Retention retention();

    /** How long personal data is kept (see org.groundswell.privacy.Retention and the README's "Privacy"). */
    interface Retention {
        @WithDefault("true")
        boolean enabled();

        /** Never-confirmed and held signatures are deleted this long after they were made. */
        @WithDefault("P30D")
        Duration unconfirmed();

        /** The bodies of sent mails (they hold links and names) are cleared this long after sending. */
        @WithName("sent-mail-bodies")
        @WithDefault("P7D")
        Duration sentMailBodies();

        /** Signers of a closed campaign are anonymised this long after it closed. */
        @WithName("anonymise-after-close")
        @WithDefault("P180D")
        Duration anonymiseAfterClose();
    }

    interface Jobs {
        /** The background work of a serving replica (tally, outbox, retention); off for one-off commands. */
        @WithDefault("true")
        boolean enabled();
    }

    /** The members of Congress and where they come from (org.groundswell.congress.LegislatorRefresh). */
    interface Congress {
        /**
         * Where legislators-current.yaml is read from: an http(s) URL (the publisher's by default), file:/path,
         * classpath:path, or none (no automatic import: only the admin endpoint and the command).
         */
        @WithDefault("https://unitedstates.github.io/congress-legislators/legislators-current.yaml")
        String source();

        /** Imports the source at start when no member is stored. */
        @WithName("import-on-start")
        @WithDefault("true")
        boolean importOnStart();

        /** How often one replica asks the source for a newer file (a conditional GET). */
        @WithName("refresh-interval")
        @WithDefault("P1D")
        Duration refreshInterval();

        /** When to ask again after the source was unreachable or its file refused. */
        @WithName("retry-interval")
        @WithDefault("PT1H")
        Duration retryInterval();

        /** How often each replica looks whether a refresh is due ("off" disables the look). */
        @WithName("check-every")
        @WithDefault("10m")
        String checkEvery();

        /** Connecting, and then the whole answer, may take this long each. */
        @WithDefault("PT30S")
        Duration timeout();

        /** Data not imported or confirmed current for this long is warned about in the log. */
        @WithName("stale-after")
        @WithDefault("P7D")
        Duration staleAfter();
    }

    Tally tally();

    ApiKeys apiKeys();

    /** Organisers' API keys for partner systems (org.groundswell.apikeys). */
    interface ApiKeys {
        /**
         * Signatures one key may post a second, on each replica (a token bucket per key, as many at once after a
         * quiet second); beyond, 429 with Retry-After. It stands in for the per-client-address limits under a key.
         */
        @WithName("signatures-per-second")
        @WithDefault("100")
        double signaturesPerSecond();
    }

    Web web();

    Reads reads();

    /** The campaign JSON and page, served from memory (org.groundswell.http.PublicReads). */
    interface Reads {
        /** A representation is rebuilt when it is older than this. */
        @WithName("max-age")
        @WithDefault("PT0.5S")
        Duration maxAge();

        /** How long a cache in front may serve a stale copy while it fetches a new one. */
        @WithName("stale-while-revalidate")
        @WithDefault("PT10S")
        Duration staleWhileRevalidate();
    }

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
        /** How often confirmed signatures are folded into the public counts: about the most the count lags. */
        @WithDefault("PT0.5S")
        Duration interval();
    }

    interface Signing {
        /** A repeated signature re-sends the confirmation mail at most this often. */
        @WithName("confirmation-resend-interval")
        @WithDefault("PT5M")
        Duration confirmationResendInterval();

        /** Concurrent signatures are written together: at most this many in one transaction ... */
        @WithName("batch-size")
        @WithDefault("128")
        int batchSize();

        /** ... gathered for at most this long after the first arrives. */
        @WithName("batch-window")
        @WithDefault("PT0.002S")
        Duration batchWindow();

        /** Transactions writing batches at the same time (per replica). */
        @WithDefault("2")
        int writers();

        /** A confirmation link confirms for this long after it was mailed. */
        @WithName("confirmation-link-lifetime")
        @WithDefault("P7D")
        Duration confirmationLinkLifetime();
    }

    Console console();

    /** The organisers' console (org.groundswell.console): sign-in links and sessions. */
    interface Console {
        /** A sign-in link signs in once, within this long after it was mailed. */
        @WithName("link-lifetime")
        @WithDefault("PT15M")
        Duration linkLifetime();

        /** A session ends when it has not been used for this long ... */
        @WithName("session-idle")
        @WithDefault("PT12H")
        Duration sessionIdle();

        /** ... and at the latest this long after signing in. */
        @WithName("session-lifetime")
        @WithDefault("P7D")
        Duration sessionLifetime();

        /**
         * Sign-in mails to one mailbox (lower case, +tag removed) within {@link #linkWindow()}; beyond it, one more
         * only once the mailbox holds no live link (see {@code console.SignInLimits}) ...
         */
        @WithName("links-per-mailbox")
        @WithDefault("12")
        int linksPerMailbox();

        /** ... at most this many of its links live (unused, unexpired) at once ... */
        @WithName("live-links-per-mailbox")
        @WithDefault("3")
        int liveLinksPerMailbox();

        /** ... and asked for from one client address. */
        @WithName("links-per-client")
        @WithDefault("20")
        int linksPerClient();

        @WithName("link-window")
        @WithDefault("PT1H")
        Duration linkWindow();
    }

    Limits limits();

    /** Abuse limits: over one, a signature is stored as HELD (not mailed, not counted) and the answer is the same. */
    interface Limits {
        /** Signatures from one client address to one campaign within {@link #addressBurstWindow()} ... */
        @WithName("address-burst")
        @WithDefault("20")
        int addressBurst();

        @WithName("address-burst-window")
        @WithDefault("PT1M")
        Duration addressBurstWindow();

        /** ... and within {@link #addressSustainedWindow()}. */
        @WithName("address-sustained")
        @WithDefault("60")
        int addressSustained();

        @WithName("address-sustained-window")
        @WithDefault("PT1H")
        Duration addressSustainedWindow();

        /** Signatures from one IPv6 /48 to one campaign within {@link #addressBurstWindow()} ... */
        @WithName("network-burst")
        @WithDefault("60")
        int networkBurst();

        /** ... and within {@link #addressSustainedWindow()}. */
        @WithName("network-sustained")
        @WithDefault("180")
        int networkSustained();

        /** New signatures (not held by another limit) one campaign takes within {@link #campaignBudgetWindow()}. */
        @WithName("campaign-budget")
        @WithDefault("500000")
        int campaignBudget();

        @WithName("campaign-budget-window")
        @WithDefault("PT1H")
        Duration campaignBudgetWindow();

        /** Held signatures one review release may release (each one still within its mailbox's limits) ... */
        @WithName("release-per-call")
        @WithDefault("1000")
        int releasePerCall();

        /** ... and all releases of one campaign in 24 hours. */
        @WithName("release-per-day")
        @WithDefault("10000")
        int releasePerDay();

        /** Confirmation mails to one canonical mailbox (EmailAddresses.mailbox) across all campaigns in a day. */
        @WithName("mailbox-per-day")
        @WithDefault("10")
        int mailboxPerDay();

        /**
         * The operator's circuit breaker: confirmation mails sent per minute by all replicas together. The default is
         * about twice the benchmark's highest signing rate (1,790 a second, some 107,000 a minute).
         */
        @WithName("confirmations-per-minute")
        @WithDefault("200000")
        int confirmationsPerMinute();

        /** Write requests (POST, PUT, PATCH, DELETE) one client address may make per minute before 429 ... */
        @WithName("flood-per-minute")
        @WithDefault("600")
        int floodPerMinute();

        /** ... with bursts of up to this many. */
        @WithName("flood-burst")
        @WithDefault("600")
        int floodBurst();
    }

    interface Outbox {
        /** How long the dispatcher waits before looking again when no mail was due (new mail wakes it at once). */
        @WithName("poll-interval")
        @WithDefault("PT1S")
        Duration pollInterval();

        @WithName("batch-size")
        @WithDefault("200")
        int batchSize();

        /** Mails in flight at once per round (per replica); the mailer's connection pool should be as large. */
        @WithDefault("16")
        int concurrency();

        /** Rounds under way at once (per replica), each on a thread of its own. */
        @WithDefault("2")
        int dispatchers();

        /**
         * How long one mail may take on the wire; a send without an answer by then counts as a failed attempt and is
         * retried (on another connection), so a stuck SMTP connection never holds a round.
         */
        @WithName("send-timeout")
        @WithDefault("PT30S")
        Duration sendTimeout();

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

    Updates updates();

    /** Organisers' updates to their supporters (org.groundswell.updates). */
    interface Updates {
        /** Updates (other than test sends to the organiser) a campaign may send within {@link #quotaWindow()} ... */
        @WithDefault("1")
        int quota();

        /** ... a window that slides: the next may go once the oldest of them is this old (429 with Retry-After before). */
        @WithName("quota-window")
        @WithDefault("PT24H")
        Duration quotaWindow();

        /** Signature ids scanned per chunk; each chunk of an update's mail is queued in a transaction of its own. */
        @WithName("chunk-size")
        @WithDefault("10000")
        int chunkSize();

        /** How often the queuing job looks for updates still queuing (a new update wakes it at once). */
        @WithName("queue-interval")
        @WithDefault("PT5S")
        Duration queueInterval();
    }

    Exports exports();

    /** The organisers' CSV downloads (org.groundswell.signature.SignatureExport). */
    interface Exports {
        /** Downloads one organiser may have under way at once on a replica (429 with Retry-After beyond). */
        @WithName("per-organiser")
        @WithDefault("2")
        int perOrganiser();

        /** Rows read per page, each page in a short transaction of its own: no connection is held while the client reads. */
        @WithName("page-size")
        @WithDefault("1000")
        int pageSize();
    }

    Database database();

    /**
     * Limits on every pooled connection of the service, in PostgreSQL's units ("30s", "2min"; "0" turns one off),
     * set by quarkus.datasource.jdbc.new-connection-sql; Flyway's migrations run without them.
     */
    interface Database {
        /** The longest a statement may run before PostgreSQL cancels it. */
        @WithName("statement-timeout")
        @WithDefault("30s")
        String statementTimeout();

        /** The longest a transaction may sit idle before PostgreSQL ends its session. */
        @WithName("idle-in-transaction-timeout")
        @WithDefault("60s")
        String idleInTransactionTimeout();
    }

    interface Demo {
        /** Loads the demo campaigns at start when they are missing (on in dev, off elsewhere). */
        @WithName("load-on-start")
        @WithDefault("false")
        boolean loadOnStart();
    }
}
