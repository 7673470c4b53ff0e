package org.groundswell.campaign;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.groundswell.common.CleanText;

import java.util.List;

/**
 * Fields left out (or null) stay as they are; {@code steps}, when given, replaces all steps; {@code embedOrigins},
 * when given, replaces the list (an empty list: any https: origin may frame the widget).
 */
public record CampaignPatch(
        @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") @CleanText String title,
        @Size(min = 1, max = 1000) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @CleanText(multiline = true) String summary,
        @Size(min = 1, max = 50000) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @CleanText(multiline = true) String body,
        @Size(max = 60) @Pattern(regexp = CampaignInput.TOPIC, message = "must be lower-case letters, digits and hyphens") String topic,
        @Min(1) @Max(1_000_000_000) Integer goal,
        CampaignStatus status,
        @Size(max = 20) List<@NotNull @Valid StepInput> steps,
        @Size(max = EmbedOrigins.MAX) List<@NotNull @Size(max = 300) String> embedOrigins) {
}
