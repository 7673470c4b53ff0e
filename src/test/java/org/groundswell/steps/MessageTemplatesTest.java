package org.groundswell.steps;

import org.groundswell.common.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageTemplatesTest {

    private static final Supporter ADA = new Supporter("Ada <Lovelace>", "US", "WA", "98101", 7);
    private static final ResolvedTarget CANTWELL = new ResolvedTarget("Senator Maria Cantwell", "Senator Cantwell",
            null, "202-224-3441", "511 Hart", "https://www.cantwell.senate.gov");

    @Test
    void rendersSupporterAndTargetFieldsAsPlainText() {
        String rendered = MessageTemplates.render("Dear {target.salutation},\n{supporter.name} ({supporter.region}-{supporter.district})",
                ADA, CANTWELL);
        assertEquals("Dear Senator Cantwell,\nAda <Lovelace> (WA-7)", rendered);
    }

    @Test
    void ifSectionsWorkAndMissingValuesAreEmpty() {
        Supporter abroad = new Supporter("Ben", "GB", null, null, null);
        assertEquals("Ben", MessageTemplates.render("{#if supporter.region}From {supporter.region} {/if}{supporter.name}", abroad, CANTWELL));
        assertEquals("", MessageTemplates.render(null, abroad, CANTWELL));
        assertEquals("", MessageTemplates.render("   ", abroad, CANTWELL));
    }

    @Test
    void refusesTheEmailAddressOtherRootsLoopsAndBrokenSyntax() {
        for (String template : new String[]{"{supporter.email}", "{config.secret}", "{supporter}", "{supporter.name.length}",
                "{#for i in 10}x{/for}", "{#let x=1}{x}{/let}", "Broken {#if supporter.name}", "{inject:bean}"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> MessageTemplates.validate("steps.messageTemplate", template), template);
            assertEquals("steps.messageTemplate", e.errors().get(0).field(), template);
        }
    }

    @Test
    void acceptsEveryListedField() {
        MessageTemplates.validate("f", "{supporter.name}{supporter.country}{supporter.region}{supporter.postalCode}{supporter.district}"
                + "{target.name}{target.salutation}{target.email}{target.phone}{target.postalAddress}{target.url}");
        MessageTemplates.validate("f", null);
    }

    @Test
    void capsTheRenderedLength() {
        String long100 = "x".repeat(100);
        String template = (long100 + "{supporter.name}").repeat(300);
        String rendered = MessageTemplates.render(template, ADA, CANTWELL);
        assertEquals(20_000, rendered.length());
        assertTrue(rendered.startsWith(long100 + "Ada <Lovelace>"));
    }
}
