package org.groundswell.campaign;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.groundswell.common.CleanText;

import java.util.List;

public record CampaignInput(
        @Size(min = 3, max = 80) @Pattern(regexp = CampaignInput.SLUG, message = "must be lower-case letters, digits and single hyphens") String slug,
        @NotBlank @Size(max = 200) @CleanText String title,
        @NotBlank @Size(max = 1000) @CleanText(multiline = true) String summary,
        @NotBlank @Size(max = 50000) @CleanText(multiline = true) String body,
        @NotBlank @Size(max = 60) @Pattern(regexp = CampaignInput.TOPIC, message = "must be lower-case letters, digits and hyphens") String topic,
        @NotNull @Min(1) @Max(1_000_000_000) Integer goal,
        CampaignStatus status,
        @Size(max = 20) List<@NotNull @Valid StepInput> steps,
        @Size(max = EmbedOrigins.MAX) List<@NotNull @Size(max = 300) String> embedOrigins) {

    static final String SLUG = "[a-z0-9]+(-[a-z0-9]+)*";
    static final String TOPIC = "[a-z0-9][a-z0-9-]*";
}
