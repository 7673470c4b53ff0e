package org.groundswell.campaign;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.groundswell.common.CleanText;

/** A fixed contact ({@code type} FIXED, the default) or the supporter's own SENATORS / HOUSE_REPRESENTATIVE. */
public record TargetInput(
        TargetType type,
        @Size(max = 200) @CleanText String name,
        @Email @Size(max = 254) String email,
        @Size(max = 40) @Pattern(regexp = "[0-9+() .-]*", message = "may hold only digits, spaces and + ( ) . -") String phone,
        @Size(max = 500) @CleanText(multiline = true) String postalAddress,
        @Size(max = 500) @Pattern(regexp = "https?://\\S+", message = "must be an http or https URL") String url) {

    public TargetType typeOrDefault() {
        return type == null ? TargetType.FIXED : type;
    }
}
