package org.groundswell.security;

import java.util.Optional;

/** Who an organiser's bearer token belongs to; made by the organiser package, which builds on this one. */
public interface OrganiserTokens {

    /** The enabled organiser whose token this is; empty for any other token. */
    Optional<Owner> owner(String bearerToken);

    /** The enabled organiser who signs in with this (normalised) address, if any: a console session's organiser. */
    Optional<Owner> enabledByEmail(String email);

    /** An organiser as authentication knows them: the id, and the normalised address they sign in with. */
    record Owner(long id, String email) {
    }
}
