package org.groundswell.common;

/** Something that does not exist, or that the caller may not know exists. */
public class UnknownResourceException extends DomainException {

    public UnknownResourceException(String message) {
        super(message);
    }
}
