package org.groundswell.osdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.groundswell.campaign.CampaignAccess;
import org.groundswell.campaign.CampaignService;
import org.groundswell.campaign.CampaignSnapshot;
import org.groundswell.common.FieldError;
import org.groundswell.common.InvalidInputException;
import org.groundswell.common.ResultPage;
import org.groundswell.common.UnknownResourceException;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.security.Caller;
import org.groundswell.signature.Signature;
import org.groundswell.signature.SignatureInput;
import org.groundswell.signature.SigningOrigin;
import org.groundswell.signature.SigningService;
import org.groundswell.signature.SupporterList;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The OSDI v1.2 petition subset over our campaigns and signatures: campaigns are read through the campaign
 * services, signatures through {@link SupporterList}, and the record signature helper signs through
 * {@link SigningService} like every other way of signing. Answers OSDI documents ({@link OsdiDocuments}).
 */
@ApplicationScoped
public class OsdiService {

    /** The most records one page holds ({@code max_pagesize}); a larger {@code per_page} gets this many. */
    public static final int MAX_PAGESIZE = 100;
    public static final int DEFAULT_PAGESIZE = 25;
    public static final String OSDI_VERSION = "1.2";
    /** The deepest a page of signatures may be asked for by number (page × per_page); beyond, by {@code _links.next}. */
    public static final int MAX_PAGED_RECORDS = 10_000;

    private final CampaignService campaigns;
    private final SupporterList supporters;
    private final SigningService signing;
    private final Validator validator;
    private final OsdiLinks links;

    public OsdiService(CampaignService campaigns, SupporterList supporters, SigningService signing, Validator validator,
                       GroundswellConfig config) {
        this.campaigns = campaigns;
        this.supporters = supporters;
        this.signing = signing;
        this.validator = validator;
        this.links = new OsdiLinks(config.publicBaseUrl());
    }

    /** The API entry point (AEP). */
    public Map<String, Object> entryPoint() {
        Map<String, Object> aep = new LinkedHashMap<>();
        aep.put("motd", "Welcome to the Groundswell OSDI API: the petitions of open and closed campaigns, their "
                + "signatures (with an API key or the owner's token), and the record signature helper.");
        aep.put("max_pagesize", MAX_PAGESIZE);
        aep.put("vendor_name", OsdiDocuments.ORIGIN_SYSTEM);
        aep.put("product_name", OsdiDocuments.ORIGIN_SYSTEM + " petitions");
        aep.put("osdi_version", OSDI_VERSION);
        aep.put("namespace", OsdiDocuments.NAMESPACE);
        Map<String, Object> aepLinks = new LinkedHashMap<>();
        aepLinks.put("curies", OsdiLinks.curies());
        aepLinks.put("self", OsdiLinks.link(links.entryPoint(), "This API entry point"));
        aepLinks.put("osdi:petitions", OsdiLinks.link(links.petitions(), "The collection of petitions in the system"));
        aep.put("_links", aepLinks);
        return aep;
    }

    /** The OPEN and CLOSED campaigns as petitions, newest first; {@code page} counts from 1. */
    public Map<String, Object> petitions(int page, int perPage) {
        int size = pageSize(perPage);
        ResultPage<CampaignSnapshot> found = campaigns.listPublic(null, null, page - 1, size);
        List<Map<String, Object>> items = found.items().stream().map(c -> OsdiDocuments.petition(c, links)).toList();
        return OsdiDocuments.page("osdi:petitions", items, page, size, found.total(), p -> links.petitions(p, size));
    }

    /** One OPEN or CLOSED campaign as a petition, by slug or {@code groundswell:<slug>}. */
    public Map<String, Object> petition(String id) {
        String slug = slugOf(id);
        return OsdiDocuments.petition(campaigns.findPublic(slug).orElseThrow(() -> unknown(id)), links);
    }

    /**
     * The confirmed signatures of a campaign the requester may see the supporters of (owner, editor; a key for it),
     * oldest first; anyone else hears that it does not exist. With {@code after} (a signature id, what {@code next}
     * links carry), the page goes on from there by the index, however deep; otherwise by {@code page} (from 1, null
     * for 1), whose offset is bounded ({@link #MAX_PAGED_RECORDS}). Neither counts rows: {@code total_records} is the
     * campaign's tally of confirmed signatures (about a second fresh); whether there is a next page is read from the
     * rows themselves (one more than the page is asked for).
     */
    public Map<String, Object> signatures(String id, CampaignAccess.Requester requester, Integer page, Long after, int perPage) {
        int size = pageSize(perPage);
        if (after == null) {
            checkPagedDepth(page == null ? 1 : page, size);
        }
        CampaignSnapshot campaign = campaigns.authorise(slugOf(id), requester, CampaignAccess.Action.SEE_SUPPORTERS);
        String slug = campaign.slug();
        List<Signature> rows;
        String self;
        Integer number;
        String previous = null;
        if (after != null) {
            rows = supporters.supportersAfter(campaign, after, size + 1);
            number = page;
            self = links.signaturesAfter(slug, after, page, size);
        } else {
            number = page == null ? 1 : page;
            rows = supporters.supportersFrom(campaign, (number - 1) * size, size + 1);
            self = links.signatures(slug, number, size);
            if (number > 1) {
                long totalPages = (campaign.signatureCount() + size - 1) / size;
                previous = links.signatures(slug, (int) Math.min(number - 1, Math.max(totalPages, 1)), size);
            }
        }
        boolean more = rows.size() > size;
        List<Signature> shown = more ? rows.subList(0, size) : rows;
        String next = more ? links.signaturesAfter(slug, shown.get(shown.size() - 1).id, number == null ? null : number + 1, size) : null;
        List<Map<String, Object>> items = shown.stream().map(s -> OsdiDocuments.signature(s, slug, links)).toList();
        return OsdiDocuments.page("osdi:signatures", items, number, size, campaign.signatureCount(), self, next, previous);
    }

    /**
     * A page by number skips every signature before it; past {@link #MAX_PAGED_RECORDS} the caller follows
     * {@code _links.next} instead (400 otherwise).
     */
    static void checkPagedDepth(int page, int size) {
        if ((long) page * size > MAX_PAGED_RECORDS) {
            throw InvalidInputException.field("page", "page × per_page may be at most " + MAX_PAGED_RECORDS + " (here "
                    + page + " × " + size + "); to read further, follow _links.next from page to page: it goes on "
                    + "after the last signature of a page (?after=<its id>), however deep");
        }
    }

    /**
     * Signs through the record signature helper, on the same path as every signature (its rules, its limits, the
     * confirmation mail). A caller with a bearer token or key must be entitled to the campaign (else 404) and
     * hears the pending signature; anyone else is a public signer (the per-address limits apply) and hears
     * {@code {}}, as OSDI says. Errors name the fields as OSDI does.
     */
    public CompletionStage<Map<String, Object>> recordSignature(String id, RecordSignatureRequest request, Caller caller,
                                                               String clientAddress) {
        String slug = slugOf(id);
        boolean authenticated = caller.organiserId().isPresent() || caller.partnerKey().isPresent();
        CampaignSnapshot campaign = authenticated
                ? campaigns.authorise(slug, CampaignAccess.Requester.of(caller), CampaignAccess.Action.RECORD_SIGNATURES)
                : campaigns.findVisible(slug, CampaignAccess.Requester.ANONYMOUS);
        RecordSignatureRequest body = request != null ? request : new RecordSignatureRequest(null, null, null);
        SignatureInput input = body.toSignatureInput();
        List<FieldError> errors = validator.validate(input).stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        if (!errors.isEmpty()) {
            throw new InvalidInputException(body.inOsdiTerms(errors));
        }
        SigningOrigin origin = SigningOrigin.of(caller);
        return signing.sign(campaign, input, clientAddress, origin).thenApply(result -> {
            result.requireAccepted(body::inOsdiTerms);
            return authenticated ? pendingSignature(campaign, input, origin) : Map.of();
        });
    }

    /**
     * What an authenticated caller hears: the signature as recorded, pending until the person confirms by mail. No
     * identifier of ours: a repeat answers like a first signature (the id would tell that the address had signed).
     */
    private Map<String, Object> pendingSignature(CampaignSnapshot campaign, SignatureInput input, SigningOrigin origin) {
        Map<String, Object> person = new LinkedHashMap<>();
        PersonNames.Split name = PersonNames.split(input.name());
        person.put("given_name", name.given());
        if (name.family() != null) {
            person.put("family_name", name.family());
        }
        Map<String, Object> email = new LinkedHashMap<>();
        email.put("address", input.email().strip());
        email.put("primary", true);
        if (Boolean.TRUE.equals(input.consentToUpdates())) {
            email.put("status", RecordSignatureRequest.SUBSCRIBED);
        }
        person.put("email_addresses", List.of(email));
        Map<String, Object> postal = new LinkedHashMap<>();
        if (input.postalCode() != null && !input.postalCode().isBlank()) {
            postal.put("postal_code", input.postalCode().strip());
        }
        if (input.region() != null && !input.region().isBlank()) {
            postal.put("region", input.region().strip());
        }
        postal.put("country", input.country().strip().toUpperCase(java.util.Locale.ROOT));
        postal.put("primary", true);
        person.put("postal_addresses", List.of(postal));

        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("origin_system", origin.originSystem() != null ? origin.originSystem() : OsdiDocuments.ORIGIN_SYSTEM);
        signature.put(OsdiDocuments.NAMESPACE + ":status", "pending");
        signature.put("person", person);
        Map<String, Object> signatureLinks = new LinkedHashMap<>();
        signatureLinks.put("osdi:petition", OsdiLinks.link(links.petition(campaign.slug())));
        signatureLinks.put("curies", OsdiLinks.curies());
        signature.put("_links", signatureLinks);
        return signature;
    }

    /** {@code groundswell:<slug>} or the bare slug. */
    static String slugOf(String id) {
        String prefix = OsdiDocuments.NAMESPACE + ":";
        return id != null && id.startsWith(prefix) ? id.substring(prefix.length()) : id;
    }

    static int pageSize(int perPage) {
        return Math.max(1, Math.min(perPage, MAX_PAGESIZE));
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        return path.isEmpty() ? "person" : path;
    }

    private static UnknownResourceException unknown(String id) {
        return new UnknownResourceException("There is no petition '" + id + "'.");
    }
}
