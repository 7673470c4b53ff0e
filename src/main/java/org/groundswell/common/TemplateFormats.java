package org.groundswell.common;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateExtension;

import java.time.Clock;
import java.time.Instant;

/**
 * The formats of {@link HumanNumbers} and {@link RelativeTime} for every template, page or mail:
 * {@code {count.grouped}} gives "25,000"; {@code {#time moment /}} (templates/tags/time.html) gives
 * "2 hours ago" in a {@code <time>} element with the exact moment; {@code {moment.ago}}, {@code {moment.exact}} and
 * {@code {moment.iso}} give the parts.
 */
@TemplateExtension
public final class TemplateFormats {

    private TemplateFormats() {
    }

    static String grouped(Number number) {
        return HumanNumbers.grouped(number.longValue());
    }

    static String ago(Instant moment) {
        return RelativeTime.describe(moment, now());
    }

    static String exact(Instant moment) {
        return RelativeTime.exact(moment);
    }

    static String iso(Instant moment) {
        return RelativeTime.iso(moment);
    }

    /** The service's clock (the tests move it forward), so "ago" agrees with the times the service stored. */
    private static Instant now() {
        var container = Arc.container();
        return container == null ? Instant.now() : container.instance(Clock.class).get().instant();
    }
}
