package org.groundswell.security;

/** Fired by the organiser package in the transaction that disables an organiser: whatever signs them in (their console sessions) ends. */
public record OrganiserDisabled(long organiserId, String email) {
}
