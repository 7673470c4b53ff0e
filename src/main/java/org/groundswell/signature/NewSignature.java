package org.groundswell.signature;

/** A signature as it will be stored: e-mail normalised, place checked. */
public record NewSignature(long campaignId, String name, String email, String country, String region,
                           String postalCode, Integer district, boolean consentToUpdates) {
}
