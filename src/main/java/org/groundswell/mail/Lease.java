package org.groundswell.mail;

import java.time.Duration;

/**
 * How long a dispatcher round's claim on its mails lasts. A claim is short and the round renews it while it runs,
 * rather than one long lease: a round that is alive keeps its mails however slow the SMTP server is, and the mails
 * of a replica that died (SIGKILL, lost node) are due again at most {@code length} after its last renewal, instead
 * of sitting out a lease sized for the slowest round. The renewal only extends rows the round still holds (the claim
 * token written by the claim), so a round that stalled past its lease cannot take back mails another round took over;
 * and a round never starts sending a mail once its lease may have run out ({@link RoundClaims#mayStart}).
 * Claims are tied to rounds, not to a replica heartbeat: no table of replicas to keep, no clock shared between them.
 */
public record Lease(Duration length, Duration renewEvery) {

    /** 15 s, renewed every 5 s: two renewals in a row may fail (a pause, a database hiccup) before the claim is lost. */
    public static final Lease STANDARD = new Lease(Duration.ofSeconds(15), Duration.ofSeconds(5));

    public Lease {
        if (renewEvery.isNegative() || renewEvery.isZero() || length.compareTo(renewEvery.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("a lease of " + length + " renewed every " + renewEvery
                    + " would be lost by a single late renewal");
        }
    }

    /**
     * The longest a dead replica's claimed mails wait before another round claims them: its last renewal's lease runs
     * out, then a dispatcher looks again within its poll interval.
     */
    public Duration takeoverWithin(Duration pollInterval) {
        return length.plus(pollInterval);
    }

    /** Renewals in a row that may fail while the claim still holds. */
    public long missableRenewals() {
        return length.toMillis() / renewEvery.toMillis() - 1;
    }

    /** Whether a claim made or last renewed {@code sinceRenewal} ago still holds. */
    public boolean holds(Duration sinceRenewal) {
        return sinceRenewal.compareTo(length) < 0;
    }
}
