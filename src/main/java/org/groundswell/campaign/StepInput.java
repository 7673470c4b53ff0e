package org.groundswell.campaign;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.groundswell.common.CleanText;

public record StepInput(
        @NotNull StepKind kind,
        @NotBlank @Size(max = 200) @CleanText String title,
        @NotBlank @Size(max = 5000) @CleanText(multiline = true) String instructions,
        @NotNull @Valid TargetInput target,
        @Size(max = 500) @CleanText String subjectTemplate,
        @Size(max = 10000) @CleanText(multiline = true) String messageTemplate) {
}
