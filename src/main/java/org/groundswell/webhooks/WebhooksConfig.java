package org.groundswell.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;

/** Settings of the webhooks (GROUNDSWELL_WEBHOOKS_*). */
@ConfigMapping(prefix = "groundswell.webhooks")
public interface WebhooksConfig {

    /**
     * Allows {@code http} targets and loopback and private addresses (a partner's server inside the operator's own
     * network, and the tests); link-local and cloud metadata addresses stay refused whatever this says.
     */
    @WithName("allow-private-targets")
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** How long one attempt may take, from connecting to the end of the answer's headers. */
    @WithDefault("15S")
    Duration timeout();

    /** How long a claimed delivery is held by its round: a replica that dies loses its claims after this. */
    @WithDefault("30S")
    Duration lease();

    /** The waits after the first, second, ... failed attempt. */
    @WithName("retry-delays")
    @WithDefault("5S,5M,30M,2H,5H,10H")
    List<Duration> retryDelays();

    /** The wait between attempts once {@link #retryDelays()} are used up. */
    @WithName("retry-interval-after")
    @WithDefault("P1D")
    Duration retryIntervalAfter();

    /** No attempt is made later than this after the event: the delivery is then FAILED. */
    @WithName("give-up-after")
    @WithDefault("P3D")
    Duration giveUpAfter();

    /** Deliveries claimed per round. */
    @WithName("batch-size")
    @WithDefault("50")
    int batchSize();

    /** Attempts in flight at once per replica. */
    @WithDefault("8")
    int concurrency();

    /** How often the dispatcher looks for due deliveries when nothing wakes it. */
    @WithName("poll-interval")
    @WithDefault("1S")
    Duration pollInterval();

    /** Finished deliveries (delivered, failed, cancelled) are deleted this long after their event: their bodies may name supporters. */
    @WithName("keep-deliveries")
    @WithDefault("P30D")
    Duration keepDeliveries();
}
