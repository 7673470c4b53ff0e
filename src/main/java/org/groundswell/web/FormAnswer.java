package org.groundswell.web;

import org.groundswell.campaign.PlaceCounts;

import java.util.Map;

/**
 * What became of a signing form sent from a page ({@link SigningForms}): the same rules whichever page sent it (the
 * campaign page or the widget), each page showing it in its own way.
 */
public sealed interface FormAnswer {

    /** Taken (or quietly dropped as a bot's): "check your e-mail". */
    record Thanks() implements FormAnswer {
    }

    /**
     * The form again, as typed, with its errors by field ({@code form} for the form as a whole), the stamp it goes on
     * with, and the counts to show beside it; {@code retryAfterSeconds} above 0 when the service could not take it now.
     */
    record Again(int status, SignForm form, Map<String, String> errors, String stamp, PlaceCounts counts,
                 int retryAfterSeconds) implements FormAnswer {
    }
}
