package org.groundswell.campaign;

/**
 * The check of the subject and message templates an organiser writes into a step, made by the package that
 * renders them (the steps package, which builds on this one).
 */
public interface StepTemplates {

    /** Rejects (InvalidInputException on {@code field}) a template that the renderer would not run. */
    void validate(String field, String source);
}
