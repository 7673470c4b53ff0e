package org.groundswell.common;

/** A request that cannot be carried out in the current state (a closed campaign, a taken slug). */
public class ConflictException extends DomainException {

    public ConflictException(String message) {
        super(message);
    }
}
