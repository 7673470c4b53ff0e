package org.groundswell.common;

import java.util.List;
import java.util.stream.Collectors;

/** Input that breaks a rule, with the fields at fault when there are any. */
public class InvalidInputException extends DomainException {

    private final List<FieldError> errors;

    public InvalidInputException(String message) {
        this(message, List.of());
    }

    public InvalidInputException(List<FieldError> errors) {
        this(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
    }

    private InvalidInputException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
