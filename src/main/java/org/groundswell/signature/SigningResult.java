package org.groundswell.signature;

import org.groundswell.common.FieldError;

import java.util.List;

/** What became of a signature: accepted (new or repeated, the same to the signer), invalid, or too late. */
public sealed interface SigningResult {

    record Accepted() implements SigningResult {
    }

    record Invalid(List<FieldError> errors) implements SigningResult {
    }

    record Closed(String message) implements SigningResult {
    }
}
