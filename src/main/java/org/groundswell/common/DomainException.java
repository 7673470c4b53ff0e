package org.groundswell.common;

/**
 * An expected failure of a rule: an unknown campaign, a conflict, invalid input. Services throw these; the web
 * layer decides how they look (problem+json for the API, a page for the web forms).
 */
public abstract class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message, null, false, false);
    }
}
