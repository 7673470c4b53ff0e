package org.groundswell.signature;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.groundswell.common.CleanText;
import org.groundswell.common.IsoCountry;
import org.groundswell.common.NoLinks;
import org.groundswell.common.ValidEmail;

/**
 * A supporter's signature. A missing {@code consentToUpdates} means no consent. The name may hold no link or address
 * ({@link NoLinks}); the API and the web form validate it alike.
 */
public record SignatureInput(
        @NotBlank @Size(max = 100) @CleanText @NoLinks String name,
        @NotBlank @Size(max = 254) @ValidEmail String email,
        @NotNull @IsoCountry String country,
        @Size(max = 100) @CleanText String region,
        @Size(max = 20) @Pattern(regexp = "[\\p{IsAlphabetic}\\p{IsDigit} -]*", message = "may hold only letters, digits, spaces and hyphens") String postalCode,
        @Min(0) @Max(99) Integer district,
        Boolean consentToUpdates) {
}
