package org.groundswell.steps;

/**
 * A concrete addressee of a step. {@code salutation} is how a letter addresses them
 * ("Senator Cantwell"); for fixed targets it is simply their name.
 */
public record ResolvedTarget(String name, String salutation, String email, String phone, String postalAddress, String url) {
}
