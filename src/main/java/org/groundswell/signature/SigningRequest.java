package org.groundswell.signature;

/**
 * A signature that passed every check, ready to be written: e-mail normalised, place checked, the client's
 * address and the mailbox already hashed.
 */
public record SigningRequest(long campaignId, String campaignTitle, String name, String email, String mailboxHash,
                             String clientHash, String country, String region, String postalCode, Integer district,
                             boolean consentToUpdates) {
}
