package org.groundswell.signature;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/**
 * Which signatures of a campaign a bulk action takes: by client address hash, by e-mail domain, by time window
 * (from inclusive, to exclusive), or any combination; at least one of them.
 */
public record Selection(
        @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_-]+", message = "must be an address hash as the review lists it") String addressHash,
        @Size(max = 253) @Pattern(regexp = "[a-z0-9.-]+", message = "must be a lower-case domain such as example.org") String domain,
        Instant from,
        Instant to) {

    public boolean isEmpty() {
        return addressHash == null && domain == null && from == null && to == null;
    }
}
