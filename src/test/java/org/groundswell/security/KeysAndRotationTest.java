package org.groundswell.security;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The master secrets, signed links across a rotation, and identifier keys that no rotation changes. */
class KeysAndRotationTest {

    private static final String OLD = "b2xkLW1hc3Rlci1zZWNyZXQtZm9yLXJvdGF0aW9uLXRlc3QtMDEyMzQ1Njc4OQ==";
    private static final String NEW = "bmV3LW1hc3Rlci1zZWNyZXQtZm9yLXJvdGF0aW9uLXRlc3QtMDEyMzQ1Njc4OQ==";

    private static MasterKeys.Ring ring(String current, String previous) {
        return MasterKeys.ring(Optional.of(current), Optional.ofNullable(previous));
    }

    @Test
    void aMasterSecretIsRequiredAndLongEnough() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> MasterKeys.ring(Optional.empty(), Optional.empty()));
        assertTrue(missing.getMessage().contains("GROUNDSWELL_SECRET_KEY") && missing.getMessage().contains("openssl rand -base64 32"),
                missing.getMessage());
        assertThrows(IllegalStateException.class, () -> MasterKeys.ring(Optional.of("  "), Optional.empty()));
        String short31 = Base64.getEncoder().encodeToString(new byte[31]);
        IllegalStateException tooShort = assertThrows(IllegalStateException.class,
                () -> MasterKeys.ring(Optional.of(short31), Optional.empty()));
        assertTrue(tooShort.getMessage().contains("at least 32 bytes; it holds 31"), tooShort.getMessage());
        assertThrows(IllegalStateException.class, () -> MasterKeys.ring(Optional.of("not base64 at all!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"), Optional.empty()));
        IllegalStateException previousTooShort = assertThrows(IllegalStateException.class,
                () -> MasterKeys.ring(Optional.of(NEW), Optional.of(short31)));
        assertTrue(previousTooShort.getMessage().contains("GROUNDSWELL_SECRET_KEY_PREVIOUS"), previousTooShort.getMessage());
        MasterKeys.ring(Optional.of(Base64.getEncoder().encodeToString(new byte[32])), Optional.empty());
    }

    @Test
    void keyIdsAndKeysAreStableAndDifferPerMasterAndPurpose() {
        MasterKeys.Master old = ring(OLD, null).current();
        assertEquals(old.id(), ring(OLD, null).current().id());
        assertEquals(8, old.id().length());
        assertNotEquals(old.id(), ring(NEW, null).current().id());
        assertArrayEquals(old.key("links"), ring(OLD, null).current().key("links"));
        assertNotEquals(Base64.getEncoder().encodeToString(old.key("links")), Base64.getEncoder().encodeToString(old.key("form-stamp")));
        // URL-safe base64 and wrapped lines are the same secret.
        assertEquals(old.id(), ring(OLD.replace('+', '-').replace('/', '_').substring(0, 20) + "\n" + OLD.substring(20), null).current().id());
    }

    @Test
    void aLinkSignedUnderThePreviousMasterVerifiesWhileItIsConfiguredAndNotAfter() {
        String link = new SignedLinks(ring(OLD, null)).token(SignedLinks.UNSUBSCRIBE, 42);
        assertTrue(link.startsWith(ring(OLD, null).current().id() + ".42."), link);
        assertEquals(OptionalLong.of(42), new SignedLinks(ring(OLD, null)).verify(SignedLinks.UNSUBSCRIBE, link));

        SignedLinks rotating = new SignedLinks(ring(NEW, OLD));
        assertEquals(OptionalLong.of(42), rotating.verify(SignedLinks.UNSUBSCRIBE, link), "the previous master still verifies");
        assertEquals(OptionalLong.empty(), rotating.verify(SignedLinks.REMOVE, link), "a link is for one purpose");
        String fresh = rotating.token(SignedLinks.UNSUBSCRIBE, 42);
        assertTrue(fresh.startsWith(ring(NEW, null).current().id() + "."), "the current master signs: " + fresh);

        SignedLinks rotated = new SignedLinks(ring(NEW, null));
        assertEquals(OptionalLong.empty(), rotated.verify(SignedLinks.UNSUBSCRIBE, link), "the previous master was removed");
        assertEquals(OptionalLong.of(42), rotated.verify(SignedLinks.UNSUBSCRIBE, fresh));
    }

    @Test
    void aNewMasterCanBeAcceptedBeforeItSignsSoThatNoPodMeetsALinkItDoesNotKnow() {
        // Step 1 of a rotation: the new master is only accepted; step 2 swaps the two.
        SignedLinks stepOne = new SignedLinks(ring(OLD, NEW));
        SignedLinks stepTwo = new SignedLinks(ring(NEW, OLD));
        assertEquals(OptionalLong.of(5), stepOne.verify(SignedLinks.UNSUBSCRIBE, stepTwo.token(SignedLinks.UNSUBSCRIBE, 5)));
        assertEquals(OptionalLong.of(5), stepTwo.verify(SignedLinks.UNSUBSCRIBE, stepOne.token(SignedLinks.UNSUBSCRIBE, 5)));
        assertTrue(stepOne.token(SignedLinks.UNSUBSCRIBE, 5).startsWith(ring(OLD, null).current().id() + "."), "step 1 still signs with the old");

        byte[] key = new byte[32];
        IdentifierKeys.Wrapped underOld = new IdentifierKeys.Wrapped(ring(OLD, null).current().id(),
                KeyWrap.wrap(ring(OLD, null).current(), "mailbox", key));
        IdentifierKeys.Decision.Use use = assertInstanceOf(IdentifierKeys.Decision.Use.class,
                IdentifierKeys.decide("mailbox", List.of(underOld), ring(OLD, NEW)));
        assertTrue(!use.wrapForCurrent() && use.dropKeyIds().isEmpty(), "step 1 changes nothing stored");
    }

    @Test
    void aTamperedLinkFails() {
        SignedLinks rotating = new SignedLinks(ring(NEW, OLD));
        String link = rotating.token(SignedLinks.REMOVE, 7);
        String[] parts = link.split("\\.");
        String oldId = ring(OLD, null).current().id();
        assertEquals(OptionalLong.empty(), rotating.verify(SignedLinks.REMOVE, oldId + "." + parts[1] + "." + parts[2]),
                "the key id of the other configured master");
        assertEquals(OptionalLong.empty(), rotating.verify(SignedLinks.REMOVE, "AAAAAAAA." + parts[1] + "." + parts[2]));
        assertEquals(OptionalLong.empty(), rotating.verify(SignedLinks.REMOVE, parts[1] + "." + parts[2]), "no key id (before V9)");
        assertEquals(OptionalLong.empty(), rotating.verify(SignedLinks.REMOVE, parts[0] + ".8." + parts[2]), "another signature");
        assertEquals(OptionalLong.empty(), rotating.verify(SignedLinks.REMOVE, parts[0] + ".07." + parts[2]));
        assertEquals(OptionalLong.empty(), rotating.verify(SignedLinks.REMOVE, link + "."));
        assertEquals(OptionalLong.of(7), rotating.verify(SignedLinks.REMOVE, link));
    }

    @Test
    void identifierKeysSurviveEveryRotationAndAreNeverReplacedSilently() {
        MasterKeys.Ring first = ring(OLD, null);
        IdentifierKeys.Decision none = IdentifierKeys.decide("mailbox", List.of(), first);
        assertInstanceOf(IdentifierKeys.Decision.Create.class, none);

        byte[] key = new byte[32];
        key[0] = 7;
        IdentifierKeys.Wrapped underOld = new IdentifierKeys.Wrapped(first.current().id(), KeyWrap.wrap(first.current(), "mailbox", key));
        assertTrue(!underOld.value().contains(Base64.getUrlEncoder().withoutPadding().encodeToString(key)), "stored wrapped");
        IdentifierKeys.Decision.Use same = assertInstanceOf(IdentifierKeys.Decision.Use.class,
                IdentifierKeys.decide("mailbox", List.of(underOld), first));
        assertArrayEquals(key, same.key());
        assertTrue(!same.wrapForCurrent() && same.dropKeyIds().isEmpty());

        // Rotation: the new master opens the copy through the previous one and wraps the same key for itself.
        MasterKeys.Ring rotating = ring(NEW, OLD);
        IdentifierKeys.Decision.Use rewrap = assertInstanceOf(IdentifierKeys.Decision.Use.class,
                IdentifierKeys.decide("mailbox", List.of(underOld), rotating));
        assertArrayEquals(key, rewrap.key());
        assertTrue(rewrap.wrapForCurrent());
        IdentifierKeys.Wrapped underNew = new IdentifierKeys.Wrapped(rotating.current().id(), KeyWrap.wrap(rotating.current(), "mailbox", key));

        // Done: the previous master is gone, the same key is used, and the old copy is dropped.
        IdentifierKeys.Decision.Use after = assertInstanceOf(IdentifierKeys.Decision.Use.class,
                IdentifierKeys.decide("mailbox", List.of(underNew, underOld), ring(NEW, null)));
        assertArrayEquals(key, after.key());
        assertEquals(java.util.Set.of(first.current().id()), after.dropKeyIds());

        // A new master without the previous one: refuse, never a new key (it would forget the suppression list).
        IdentifierKeys.Decision.Refuse refuse = assertInstanceOf(IdentifierKeys.Decision.Refuse.class,
                IdentifierKeys.decide("mailbox", List.of(underOld), ring(NEW, null)));
        assertTrue(refuse.message().contains("GROUNDSWELL_SECRET_KEY_PREVIOUS"), refuse.message());

        // A wrapped key opens only under its own name and master.
        assertThrows(IllegalStateException.class, () -> KeyWrap.unwrap(first.current(), "client-address", underOld.value()));
        assertThrows(IllegalStateException.class, () -> KeyWrap.unwrap(rotating.current(), "mailbox", underOld.value()));
    }

    @Test
    void theKeyLeftInTheClearByTheUpgradeIsAdoptedThenDropped() {
        byte[] key = new byte[32];
        key[31] = 9;
        IdentifierKeys.Wrapped legacy = new IdentifierKeys.Wrapped(IdentifierKeys.LEGACY, Base64.getUrlEncoder().withoutPadding().encodeToString(key));
        MasterKeys.Ring ring = ring(NEW, null);
        IdentifierKeys.Decision.Use adopt = assertInstanceOf(IdentifierKeys.Decision.Use.class,
                IdentifierKeys.decide("client-address", List.of(legacy), ring));
        assertArrayEquals(key, adopt.key(), "hashes stored before the upgrade still match");
        assertTrue(adopt.wrapForCurrent());
        assertEquals(java.util.Set.of(IdentifierKeys.LEGACY), adopt.dropKeyIds());
    }
}
