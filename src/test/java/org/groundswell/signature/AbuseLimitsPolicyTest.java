package org.groundswell.signature;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.groundswell.signature.HoldReason.ADDRESS_BURST;
import static org.groundswell.signature.HoldReason.ADDRESS_SUSTAINED;
import static org.groundswell.signature.HoldReason.MAILBOX;
import static org.groundswell.signature.HoldReason.SUPPRESSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The abuse limits as a policy, without the database: counts in, a decision out per request. */
class AbuseLimitsPolicyTest {

    /** 3 in the burst window, 5 in the sustained one, 2 confirmation mails a day per mailbox. */
    private final AbuseLimits limits = new AbuseLimits(new AbuseLimits.Limits(3, 5, 2));

    private static final String ADDRESS = AbuseLimits.addressKey(1, "client-a");

    @Test
    void aRequestUnderEveryLimitPasses() {
        AbuseLimits.Decision decision = limits.batch(Map.of(), Map.of(), Set.of()).decide(ADDRESS, "box-1");
        assertFalse(decision.held());
        assertEquals(List.of(), decision.reasons());
        assertNull(decision.first());
    }

    @Test
    void theBurstLimitHoldsOnceTheAddressHasItsBurstWithinTheWindow() {
        AbuseLimits.Batch batch = limits.batch(Map.of(ADDRESS, new AbuseLimits.AddressCount(2, 2)), Map.of(), Set.of());
        assertFalse(batch.decide(ADDRESS, "box-1").held(), "the third of the burst passes");
        assertEquals(List.of(ADDRESS_BURST), batch.decide(ADDRESS, "box-2").reasons(), "the fourth is held");
    }

    @Test
    void theSustainedLimitHoldsWhenTheBurstWindowIsQuiet() {
        AbuseLimits.Batch batch = limits.batch(Map.of(ADDRESS, new AbuseLimits.AddressCount(0, 5)), Map.of(), Set.of());
        assertEquals(List.of(ADDRESS_SUSTAINED), batch.decide(ADDRESS, "box-1").reasons());
    }

    @Test
    void aSuppressedMailboxIsHeld() {
        AbuseLimits.Batch batch = limits.batch(Map.of(), Map.of(), Set.of("box-1"));
        assertEquals(List.of(SUPPRESSED), batch.decide(ADDRESS, "box-1").reasons());
        assertFalse(batch.decide(ADDRESS, "box-2").held());
    }

    @Test
    void aMailboxThatHadItsDaysMailIsHeld() {
        AbuseLimits.Batch batch = limits.batch(Map.of(), Map.of("box-1", 1L), Set.of());
        assertFalse(batch.decide(AbuseLimits.addressKey(1, "a"), "box-1").held(), "the second mail of the day goes");
        AbuseLimits.Decision third = batch.decide(AbuseLimits.addressKey(2, "b"), "box-1");
        assertEquals(List.of(MAILBOX), third.reasons(), "the third waits for tomorrow, whatever the campaign and address");
        assertEquals(MAILBOX, third.first());
    }

    @Test
    void everyLimitMetIsReportedInTheOrderTheyAreCheckedAndTheFirstIsStored() {
        AbuseLimits.Batch batch = limits.batch(Map.of(ADDRESS, new AbuseLimits.AddressCount(3, 5)), Map.of("box-1", 2L),
                Set.of("box-1"));
        AbuseLimits.Decision decision = batch.decide(ADDRESS, "box-1");
        assertTrue(decision.held());
        assertEquals(List.of(ADDRESS_BURST, ADDRESS_SUSTAINED, SUPPRESSED, MAILBOX), decision.reasons());
        assertEquals(ADDRESS_BURST, decision.first());

        AbuseLimits.Batch mailboxOnly = limits.batch(Map.of(), Map.of("box-1", 2L), Set.of("box-1"));
        assertEquals(List.of(SUPPRESSED, MAILBOX), mailboxOnly.decide(ADDRESS, "box-1").reasons());
        assertEquals(SUPPRESSED, mailboxOnly.decide(ADDRESS, "box-1").first(), "suppression is checked before the day's mail");
    }

    @Test
    void everyRequestOfTheBatchCountsForItsAddressHeldOrNot() {
        AbuseLimits.Batch batch = limits.batch(Map.of(), Map.of(), Set.of("suppressed-box"));
        List<HoldReason> first = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            AbuseLimits.Decision decision = batch.decide(ADDRESS, i == 0 ? "suppressed-box" : "box-" + i);
            first.add(decision.first());
        }
        // The held first request still counts: the address reaches its burst of 3 after two more.
        assertEquals(java.util.Arrays.asList(SUPPRESSED, null, null, ADDRESS_BURST, ADDRESS_BURST, ADDRESS_BURST), first);
        assertFalse(batch.decide(AbuseLimits.addressKey(1, "client-b"), "box-9").held(), "another address has its own count");
        assertFalse(batch.decide(AbuseLimits.addressKey(2, "client-a"), "box-8").held(), "and so has the same address elsewhere");
    }

    @Test
    void onlyRequestsThatPassUseUpTheirMailboxsMail() {
        AbuseLimits.Batch batch = limits.batch(Map.of(ADDRESS, new AbuseLimits.AddressCount(3, 3)), Map.of(), Set.of());
        assertEquals(List.of(ADDRESS_BURST), batch.decide(ADDRESS, "box-1").reasons(), "held: no mail to box-1");
        assertFalse(batch.decide(AbuseLimits.addressKey(1, "other"), "box-1").held(), "box-1's first mail");
        assertFalse(batch.decide(AbuseLimits.addressKey(1, "third"), "box-1").held(), "box-1's second mail");
        assertEquals(List.of(MAILBOX), batch.decide(AbuseLimits.addressKey(1, "fourth"), "box-1").reasons());
    }

    @Test
    void aBatchKeepsOneRequestPerCampaignAndAddressInKeyOrder() {
        SigningRequest b2 = request(2, "b@example.org", "first b in campaign 2");
        SigningRequest a1 = request(1, "a@example.org", "first a");
        SigningRequest b1 = request(1, "b@example.org", "b");
        SigningRequest a1Again = request(1, "a@example.org", "a again");
        List<SigningRequest> distinct = AbuseLimits.distinct(List.of(b2, a1, b1, a1Again));
        assertEquals(List.of(a1, b1, b2), distinct, "sorted by campaign then address; the first of a repeat kept");
    }

    private static SigningRequest request(long campaignId, String email, String name) {
        return new SigningRequest(campaignId, "Campaign", name, email, "box-" + email, "client", "FR", null, null, null, false);
    }
}
