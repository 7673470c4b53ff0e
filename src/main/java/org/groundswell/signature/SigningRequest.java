package org.groundswell.signature;

/**
 * A signature that passed every check, ready to be written: e-mail normalised, place checked, the client's
 * address (and an IPv6 client's /48: {@code networkHash}, else null) and the canonical mailbox already hashed.
 */
public record SigningRequest(long campaignId, String campaignTitle, String name, String email, String mailboxHash,
                             String clientHash, String networkHash, String country, String region, String postalCode, Integer district,
                             boolean consentToUpdates) {
}
