package org.groundswell.common;

/** The service cannot answer now (the database is unreachable, say); the client may try again later. */
public class UnavailableException extends DomainException {

    public UnavailableException(String message) {
        super(message);
    }
}
