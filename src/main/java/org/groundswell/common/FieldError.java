package org.groundswell.common;

/** What is wrong with one field of a request, named as the client sent it. */
public record FieldError(String field, String message) {
}
