package org.groundswell.steps;

import org.groundswell.campaign.StepKind;

/**
 * A step made concrete for one supporter and one target, with its message filled in.
 * {@code mailto} is set for EMAIL steps that have an address; {@code notice} explains a step
 * whose targets could not be found (for example a supporter outside the US).
 */
public record RenderedStep(
        int position,
        StepKind kind,
        String title,
        String instructions,
        String targetName,
        String targetEmail,
        String targetPhone,
        String targetPostalAddress,
        String targetUrl,
        String subject,
        String message,
        String mailto,
        String notice) {

    public boolean hasMessage() {
        return message != null && !message.isBlank();
    }
}
