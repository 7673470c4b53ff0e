package org.groundswell.organiser;

/** Fired in the transaction that disables an organiser: whatever signs them in (their console sessions) ends. */
public record OrganiserDisabled(long organiserId, String email) {
}
