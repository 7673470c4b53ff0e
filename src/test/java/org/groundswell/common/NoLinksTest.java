package org.groundswell.common;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoLinksTest {

    @Test
    void namesPass() {
        for (String name : List.of("Ada Lovelace", "J.R.R. Tolkien", "A. N. Other", "Dr. Martin Luther King Jr.", "Mary-Jane O'Neil",
                "Zoë Ætheling", "李小龍", "Rev. Dr. Smith", "St. John", "Smith & Sons", "R2-D2", "José María", "@ada", "Ms.", "Jr")) {
            assertTrue(NoLinks.Validator.isPlain(name), name);
        }
    }

    @Test
    void linksAndAddressesDoNot() {
        for (String name : List.of("https://evil.example/r", "Restore at HTTP://EVIL.EXAMPLE", "x://y", "evil.example",
                "go to evil.com now", "bit.ly/abc", "t.co/abc", "www.evil", "WWW.Evil.Example", "ada@evil.example",
                "mail me: a@b", "evil\uFF0Eexample", "evil。example", "Dr.Smith", "paypal-login.support", "x.evil.example", "a.b.cd.example/x")) {
            assertFalse(NoLinks.Validator.isPlain(name), name);
        }
    }

    @Test
    void longTextCostsOnePass() {
        // Validation runs before the length is refused: a 64K body must not take a second.
        String[] texts = {"x".repeat(70_000), "x.".repeat(35_000), "x-".repeat(35_000) + "/", ("ab" + ".c".repeat(10)).repeat(3_000)};
        for (String text : texts) {
            long started = System.nanoTime();
            NoLinks.Validator.isPlain(text);
            assertTrue(System.nanoTime() - started < 1_000_000_000L, "took " + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
    }
}
