package org.groundswell.campaign;

public enum StepKind {
    EMAIL,
    CALL,
    LETTER,
    LINK
}
