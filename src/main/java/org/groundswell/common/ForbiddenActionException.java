package org.groundswell.common;

/** The caller knows the resource, but may not do this with it (403). */
public class ForbiddenActionException extends DomainException {

    public ForbiddenActionException(String message) {
        super(message);
    }
}
