package org.groundswell.signature;

import org.groundswell.common.ConflictException;
import org.groundswell.common.FieldError;
import org.groundswell.common.InvalidInputException;

import java.util.List;
import java.util.function.UnaryOperator;

/** What became of a signature: accepted (new or repeated, the same to the signer), invalid, or too late. */
public sealed interface SigningResult {

    /**
     * For an API: returns if accepted; otherwise throws what the caller hears, invalid input (400) with the field
     * errors as the API names them, or a conflict (409) for a campaign that no longer takes signatures.
     */
    default void requireAccepted() {
        requireAccepted(UnaryOperator.identity());
    }

    /** As {@link #requireAccepted()}, the field errors renamed into the API's terms first. */
    default void requireAccepted(UnaryOperator<List<FieldError>> renameFields) {
        if (this instanceof Invalid invalid) {
            throw new InvalidInputException(renameFields.apply(invalid.errors()));
        }
        if (this instanceof Closed closed) {
            throw new ConflictException(closed.message());
        }
    }

    record Accepted() implements SigningResult {
    }

    record Invalid(List<FieldError> errors) implements SigningResult {
    }

    record Closed(String message) implements SigningResult {
    }
}
