package org.groundswell.osdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.groundswell.common.FieldError;
import org.groundswell.signature.SignatureInput;

import java.util.List;
import java.util.Locale;

/**
 * The body of OSDI's record signature helper, as far as we use it: the person's names, their primary e-mail address
 * and postal address; {@code comments} and {@code referrer_data} are accepted but not stored (we keep neither). Every
 * other OSDI field (identifiers, phone numbers, add_tags, triggers, ...) is ignored. Consent to hear from the
 * organiser is OSDI's own {@code email_addresses[].status}: "subscribed" consents, anything else or nothing does not.
 * Maps onto {@link SignatureInput}, and names our fields back in OSDI terms for the errors. Plain values only.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "OsdiRecordSignatureHelper", description = "OSDI v1.2 record signature helper body (the fields Groundswell uses)")
public record RecordSignatureRequest(Person person, String comments,
                                     @JsonProperty("referrer_data") ReferrerData referrerData) {

    /** OSDI's email status that means: send this person e-mail (our consent to updates). */
    public static final String SUBSCRIBED = "subscribed";

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "OsdiPersonInput")
    public record Person(@JsonProperty("given_name") String givenName,
                         @JsonProperty("family_name") String familyName,
                         @JsonProperty("email_addresses") List<EmailAddress> emailAddresses,
                         @JsonProperty("postal_addresses") List<PostalAddress> postalAddresses) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "OsdiEmailAddressInput")
    public record EmailAddress(String address, Boolean primary,
                               @Schema(description = "\"subscribed\": the person agrees to hear from the organiser")
                               String status) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "OsdiPostalAddressInput")
    public record PostalAddress(@JsonProperty("postal_code") String postalCode, String region,
                                @Schema(description = "ISO 3166-1 alpha-2") String country, Boolean primary) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "OsdiReferrerData")
    public record ReferrerData(String source, String referrer, String website, String url) {
    }

    /** The signature as our signing path takes it. */
    public SignatureInput toSignatureInput() {
        EmailAddress email = email();
        PostalAddress postal = postal();
        return new SignatureInput(
                person == null ? null : PersonNames.join(person.givenName(), person.familyName()),
                email == null ? null : email.address(),
                postal == null ? null : postal.country(),
                postal == null ? null : postal.region(),
                postal == null ? null : postal.postalCode(),
                null,
                email != null && email.status() != null && SUBSCRIBED.equals(email.status().strip().toLowerCase(Locale.ROOT)));
    }

    /** A field of {@link SignatureInput} as OSDI names it in this request. */
    public String osdiField(String field) {
        String emailAt = "person.email_addresses[" + indexOf(person == null ? null : person.emailAddresses(), email()) + "]";
        String postalAt = "person.postal_addresses[" + indexOf(person == null ? null : person.postalAddresses(), postal()) + "]";
        return switch (field) {
            case "name" -> "person.given_name";
            case "email" -> emailAt + ".address";
            case "consentToUpdates" -> emailAt + ".status";
            case "country" -> postalAt + ".country";
            case "region" -> postalAt + ".region";
            case "postalCode" -> postalAt + ".postal_code";
            case "district" -> postalAt;
            default -> field;
        };
    }

    /** The errors with their fields named in OSDI terms. */
    public List<FieldError> inOsdiTerms(List<FieldError> errors) {
        return errors.stream().map(e -> new FieldError(osdiField(e.field()), e.message())).toList();
    }

    /** The primary e-mail address, else the first; null when there is none. */
    EmailAddress email() {
        return primaryOrFirst(person == null ? null : person.emailAddresses(), EmailAddress::primary);
    }

    /** The primary postal address, else the first; null when there is none. */
    PostalAddress postal() {
        return primaryOrFirst(person == null ? null : person.postalAddresses(), PostalAddress::primary);
    }

    private static <T> T primaryOrFirst(List<T> items, java.util.function.Function<T, Boolean> primary) {
        if (items == null) {
            return null;
        }
        List<T> present = items.stream().filter(java.util.Objects::nonNull).toList();
        return present.stream().filter(i -> Boolean.TRUE.equals(primary.apply(i))).findFirst()
                .orElse(present.isEmpty() ? null : present.get(0));
    }

    private static int indexOf(List<?> items, Object item) {
        if (items == null || item == null) {
            return 0;
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == item) {
                return i;
            }
        }
        return 0;
    }
}
