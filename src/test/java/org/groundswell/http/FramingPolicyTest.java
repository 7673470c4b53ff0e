package org.groundswell.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one policy that lets a page be framed, without Quarkus. */
class FramingPolicyTest {

    @Test
    void theWidgetsPolicyNamesItsOriginsOrAnyHttpsPage() {
        assertEquals("default-src 'self'; frame-ancestors https://a.example.org http://localhost:3000; form-action 'self'; base-uri 'none'",
                SecurityHeaders.framedBy(List.of("https://a.example.org", "http://localhost:3000")));
        assertEquals("default-src 'self'; frame-ancestors https:; form-action 'self'; base-uri 'none'", SecurityHeaders.framedBy(List.of()));
        assertTrue(SecurityHeaders.isFramingPolicy(SecurityHeaders.framedBy(List.of("https://a.example.org"))));
    }

    @Test
    void nothingButOriginsGetsIntoIt() {
        assertThrows(IllegalArgumentException.class, () -> SecurityHeaders.framedBy(List.of("https://a.org; script-src *")));
        assertThrows(IllegalArgumentException.class, () -> SecurityHeaders.framedBy(List.of("'unsafe-inline'")));
        assertFalse(SecurityHeaders.isFramingPolicy(SecurityHeaders.CONTENT_SECURITY_POLICY));
        assertFalse(SecurityHeaders.isFramingPolicy("default-src 'self'; frame-ancestors *; script-src 'unsafe-inline'; form-action 'self'; base-uri 'none'"));
        assertFalse(SecurityHeaders.isFramingPolicy("default-src *"));
        assertFalse(SecurityHeaders.isFramingPolicy(null));
    }
}
