package org.groundswell.signature;

/**
 * A signature that passed every check, ready to be written: e-mail normalised, place checked, the client's
 * address (and an IPv6 client's /48: {@code networkHash}, else null) and the canonical mailbox already hashed;
 * {@code origin}: our own, or a partner's API key (whose budget stands in for the client address's limits).
 */
public record SigningRequest(long campaignId, String campaignTitle, String name, String email, String mailboxHash,
                             String clientHash, String networkHash, String country, String region, String postalCode, Integer district,
                             boolean consentToUpdates, SigningOrigin origin) {

    public SigningRequest {
        origin = origin == null ? SigningOrigin.OWN : origin;
    }

    /** Our own pages or API, without a key. */
    public SigningRequest(long campaignId, String campaignTitle, String name, String email, String mailboxHash,
                          String clientHash, String networkHash, String country, String region, String postalCode, Integer district,
                          boolean consentToUpdates) {
        this(campaignId, campaignTitle, name, email, mailboxHash, clientHash, networkHash, country, region, postalCode,
                district, consentToUpdates, SigningOrigin.OWN);
    }
}
