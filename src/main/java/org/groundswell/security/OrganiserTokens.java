package org.groundswell.security;

import java.util.Optional;

/** Who an organiser's bearer token belongs to; made by the organiser package, which builds on this one. */
public interface OrganiserTokens {

    /** The id of the enabled organiser whose token this is; empty for any other token. */
    Optional<Long> organiserId(String bearerToken);
}
