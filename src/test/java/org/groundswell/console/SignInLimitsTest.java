package org.groundswell.console;

import org.junit.jupiter.api.Test;

import static org.groundswell.console.SignInLimits.Decision.CLIENT_LIMITED;
import static org.groundswell.console.SignInLimits.Decision.LIVE_LINKS_HELD;
import static org.groundswell.console.SignInLimits.Decision.MAIL;
import static org.groundswell.console.SignInLimits.Decision.MAILBOX_LIMITED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The sign-in limits as a plain rule: counts in, a decision out. */
class SignInLimitsTest {

    private final SignInLimits limits = new SignInLimits(3, 12, 20);

    @Test
    void aMailboxHoldsAtMostThreeLiveLinks() {
        assertEquals(MAIL, limits.decide(0, 0, 0));
        assertEquals(MAIL, limits.decide(2, 2, 0));
        assertEquals(LIVE_LINKS_HELD, limits.decide(3, 3, 0));
        assertEquals(LIVE_LINKS_HELD, limits.decide(3, 11, 0));
    }

    @Test
    void pastTheHoursLinksOneMoreOnlyWhenNoneIsLive() {
        assertEquals(MAIL, limits.decide(2, 11, 0));
        assertEquals(MAILBOX_LIMITED, limits.decide(1, 12, 0));
        assertEquals(MAILBOX_LIMITED, limits.decide(2, 40, 0));
        // Someone asked for every link of the hour in the person's name and they all expired: the person gets one.
        assertEquals(MAIL, limits.decide(0, 12, 0));
        assertEquals(MAIL, limits.decide(0, 100, 0));
    }

    @Test
    void theClientAddressLimitStopsOneClientMailingManyMailboxes() {
        assertEquals(MAIL, limits.decide(0, 0, 19));
        assertEquals(CLIENT_LIMITED, limits.decide(0, 0, 20));
        assertEquals(CLIENT_LIMITED, limits.decide(0, 12, 20));
    }

    @Test
    void limitsAreAtLeastOne() {
        assertThrows(IllegalArgumentException.class, () -> new SignInLimits(0, 12, 20));
        assertThrows(IllegalArgumentException.class, () -> new SignInLimits(3, 0, 20));
        assertThrows(IllegalArgumentException.class, () -> new SignInLimits(3, 12, 0));
    }
}
