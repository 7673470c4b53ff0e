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

    /**
     * 3 in the burst window, 5 in the sustained one (per /48: 4 and 8), 6 new signatures per campaign, 2 confirmation
     * mails a day per mailbox.
     */
    private final AbuseLimits limits = new AbuseLimits(new AbuseLimits.Limits(3, 5, 4, 8, 6, 2));

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

    @Test
    void variantsOfOneMailboxInOneCampaignAreOneRequest() {
        SigningRequest dotted = new SigningRequest(1, "Campaign", "J", "j.o.hn@gmail.com", "box-john", "client", null, "FR",
                null, null, null, false);
        SigningRequest plain = new SigningRequest(1, "Campaign", "J", "john@gmail.com", "box-john", "client", null, "FR",
                null, null, null, false);
        assertEquals(List.of(dotted), AbuseLimits.distinct(List.of(dotted, plain)));
    }

    @Test
    void aNetworkCountsEveryAddressInItAndHoldsBeyondItsOwnBudget() {
        AbuseLimits.Batch batch = limits.batch(Map.of(), Map.of(AbuseLimits.addressKey(1, "net"), new AbuseLimits.AddressCount(3, 3)),
                Map.of(), Map.of(), Set.of());
        String network = AbuseLimits.addressKey(1, "net");
        assertFalse(batch.decide(AbuseLimits.addressKey(1, "a"), network, 1, "box-1").held(), "the /48's fourth passes");
        assertEquals(List.of(HoldReason.NETWORK_BURST), batch.decide(AbuseLimits.addressKey(1, "b"), network, 1, "box-2").reasons(),
                "the fifth, from a fresh /64 of the same /48, is held");
        assertFalse(batch.decide(AbuseLimits.addressKey(1, "c"), null, 1, "box-3").held(), "an IPv4 client has no network");
    }

    @Test
    void aCampaignHoldsNewSignaturesBeyondItsBudgetAndCountsOnlyThoseThatPass() {
        AbuseLimits.Batch batch = limits.batch(Map.of(ADDRESS, new AbuseLimits.AddressCount(3, 3)), Map.of(), Map.of(7L, 4L),
                Map.of(), Set.of());
        assertEquals(List.of(ADDRESS_BURST), batch.decide(ADDRESS, null, 7, "box-0").reasons(), "held by its address: not counted");
        assertFalse(batch.decide(AbuseLimits.addressKey(7, "a"), null, 7, "box-1").held(), "the fifth");
        assertFalse(batch.decide(AbuseLimits.addressKey(7, "b"), null, 7, "box-2").held(), "the sixth");
        AbuseLimits.Decision seventh = batch.decide(AbuseLimits.addressKey(7, "c"), null, 7, "box-3");
        assertEquals(List.of(HoldReason.CAMPAIGN), seventh.reasons());
        assertFalse(batch.decide(AbuseLimits.addressKey(8, "c"), null, 8, "box-3").held(), "another campaign has its own budget");
    }

    @Test
    void underAKeyTheClientAddressAndNetworkNeitherHoldNorCount() {
        String network = AbuseLimits.addressKey(1, "net");
        AbuseLimits.Batch batch = limits.batch(Map.of(ADDRESS, new AbuseLimits.AddressCount(3, 5)),
                Map.of(network, new AbuseLimits.AddressCount(4, 8)), Map.of(), Map.of(), Set.of());
        for (int i = 0; i < 5; i++) {
            assertFalse(batch.decide(ADDRESS, network, 1, "box-" + i, true).held(),
                    "a partner server's address over every limit: its key's budget stands in for them");
        }
        assertEquals(List.of(ADDRESS_BURST, ADDRESS_SUSTAINED, HoldReason.NETWORK_BURST, HoldReason.NETWORK_SUSTAINED),
                batch.decide(ADDRESS, network, 1, "box-own", false).reasons(), "the same address without a key is held as ever");

        AbuseLimits.Batch fresh = limits.batch(Map.of(), Map.of(), Set.of());
        for (int i = 0; i < 3; i++) {
            assertFalse(fresh.decide(ADDRESS, null, 2, "keyed-" + i, true).held());
        }
        assertFalse(fresh.decide(ADDRESS, null, 2, "own", false).held(), "signatures under a key do not count for the address");
    }

    @Test
    void underAKeyTheMailboxSuppressionAndCampaignLimitsStillHold() {
        AbuseLimits.Batch batch = limits.batch(Map.of(), Map.of(), Map.of(7L, 5L), Map.of("busy", 2L), Set.of("gone"));
        assertEquals(List.of(MAILBOX), batch.decide(ADDRESS, null, 8, "busy", true).reasons(), "the mailbox had its day's mails");
        assertEquals(List.of(SUPPRESSED), batch.decide(ADDRESS, null, 8, "gone", true).reasons());
        assertFalse(batch.decide(ADDRESS, null, 7, "box-1", true).held(), "the campaign's sixth");
        assertEquals(List.of(HoldReason.CAMPAIGN), batch.decide(ADDRESS, null, 7, "box-2", true).reasons(), "beyond its budget");
    }

    @Test
    void aKeysBudgetIsATokenBucketPerKey() {
        KeyBudget budget = new KeyBudget(4);
        long t = 1_000_000_000L;
        for (int i = 0; i < 4; i++) {
            assertTrue(budget.take(1, t).isEmpty(), "a quiet key may post its second's worth at once");
        }
        java.util.Optional<java.time.Duration> wait = budget.take(1, t);
        assertTrue(wait.isPresent(), "the fifth in the same instant is over the budget");
        assertEquals(java.time.Duration.ofMillis(250), wait.get(), "one signature's worth of time at 4 a second");
        assertTrue(budget.take(2, t).isEmpty(), "another key has its own budget");
        assertTrue(budget.take(1, t + 250_000_000L).isEmpty(), "a quarter second later, one more");
        assertTrue(budget.take(1, t + 250_000_000L).isPresent());
        for (int i = 0; i < 4; i++) {
            assertTrue(budget.take(1, t + 60_000_000_000L).isEmpty(), "after a quiet minute, the full burst again");
        }
        assertTrue(budget.take(1, t + 60_000_000_000L).isPresent(), "and no more: the bucket holds one second's worth");
        KeyBudget slow = new KeyBudget(0.5);
        assertTrue(slow.take(1, t).isEmpty(), "below one a second, a quiet key still posts one");
        assertEquals(java.time.Duration.ofSeconds(2), slow.take(1, t).orElseThrow());
    }

    @Test
    void aReleaseChecksTheMailboxAgainAndStopsAtItsCaps() {
        AbuseLimits.ReleaseCaps caps = new AbuseLimits.ReleaseCaps(3, 10);
        AbuseLimits.Release release = limits.release(caps, 0, 0, Map.of("victim", 2L, "box-2", 1L), Set.of("gone"));
        assertEquals(List.of(MAILBOX), release.decide("victim").reasons(), "the victim had their day's mails: stays held");
        assertEquals(List.of(SUPPRESSED), release.decide("gone").reasons());
        assertFalse(release.decide("box-1").held());
        assertFalse(release.decide("box-2").held());
        assertEquals(List.of(MAILBOX), release.decide("box-2").reasons(), "a second of box-2 would be its third mail today");
        assertFalse(release.decide("box-3").held());
        assertTrue(release.capped(), "three released: the call's cap");

        assertTrue(limits.release(caps, 10, 0, Map.of(), Set.of()).capped(), "the campaign's day is used up");
        AbuseLimits.Release lastOfDay = limits.release(caps, 9, 0, Map.of(), Set.of());
        assertFalse(lastOfDay.decide("box-1").held());
        assertTrue(lastOfDay.capped(), "one left of the day");
        assertTrue(limits.release(caps, 0, 3, Map.of(), Set.of()).capped(), "the call released its three already");
    }

    private static SigningRequest request(long campaignId, String email, String name) {
        return new SigningRequest(campaignId, "Campaign", name, email, "box-" + email, "client", null, "FR", null, null, null, false);
    }
}
