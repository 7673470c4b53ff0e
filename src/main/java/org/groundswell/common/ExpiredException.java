package org.groundswell.common;

/** Something that existed but may no longer be used: a confirmation link past its lifetime. */
public class ExpiredException extends DomainException {

    public ExpiredException(String message) {
        super(message);
    }
}
