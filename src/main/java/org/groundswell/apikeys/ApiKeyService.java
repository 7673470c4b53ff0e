package org.groundswell.apikeys;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignService;
import org.groundswell.common.ConflictException;
import org.groundswell.common.FieldError;
import org.groundswell.common.InvalidInputException;
import org.groundswell.common.Tokens;
import org.groundswell.common.UnknownResourceException;
import org.groundswell.security.KeyedHashes;
import org.groundswell.security.OrganiserDisabled;
import org.groundswell.security.PartnerKey;
import org.groundswell.security.PartnerKeys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of API keys: an organiser makes keys for partner systems, each limited to campaigns they own (or to all
 * of them, when it lists none), with the source tag its signatures carry; the key is shown once and stored only as a
 * keyed hash; revoking stops it at once (every request looks the key up, nothing is cached).
 */
@ApplicationScoped
public class ApiKeyService {

    /** Keys one organiser may hold at once (revoked ones aside). */
    static final int MAX_KEYS = 50;

    private final ApiKeyRepository keys;
    private final CampaignService campaigns;
    private final KeyedHashes hashes;

    public ApiKeyService(ApiKeyRepository keys, CampaignService campaigns, KeyedHashes hashes) {
        this.keys = keys;
        this.campaigns = campaigns;
        this.hashes = hashes;
    }

    /** A key as its organiser sees it: the slugs of its campaigns (empty: all of theirs), never the key. */
    public record KeyView(long id, String name, List<String> campaigns, String originSystem, Instant createdAt, Instant lastUsedAt) {
    }

    /** A new key: the key itself, shown this once. */
    public record Created(KeyView view, String key) {
    }

    /**
     * Makes a key for the organiser. {@code slugs}: campaigns the organiser owns (none: all of them, now and later);
     * any other is refused by name (400). {@code source}: the tag (made from the name when absent).
     */
    @Transactional
    public Created create(long organiserId, String name, List<String> slugs, String source) {
        String cleanName = name == null ? "" : name.strip();
        List<FieldError> errors = new ArrayList<>();
        if (cleanName.isEmpty() || cleanName.length() > 100) {
            errors.add(new FieldError("name", "must be between 1 and 100 characters"));
        }
        Optional<String> tag = SourceTags.choose(source, cleanName);
        if (tag.isEmpty()) {
            errors.add(new FieldError("source", "must be a short tag of lower case letters, digits and dashes, such as partner-site (at most "
                    + SourceTags.MAX_LENGTH + " characters)"));
        }
        Map<String, Long> owned = owned(organiserId);
        Set<String> wanted = new LinkedHashSet<>();
        (slugs == null ? List.<String>of() : slugs).forEach(slug -> wanted.add(slug == null ? "" : slug.strip()));
        List<String> unknown = wanted.stream().filter(slug -> !owned.containsKey(slug)).toList();
        if (!unknown.isEmpty()) {
            errors.add(new FieldError("campaigns", "not campaigns of yours: " + String.join(", ", unknown)));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (keys.countActive(organiserId) >= MAX_KEYS) {
            throw new ConflictException("You have " + MAX_KEYS + " keys already; revoke one you no longer use first.");
        }
        String key = PartnerKeys.PREFIX + Tokens.newToken();
        List<Long> ids = wanted.stream().map(owned::get).toList();
        ApiKeyRepository.StoredKey stored = keys.insert(organiserId, cleanName, tag.get(), hashes.ofApiKey(key), ids);
        Log.infof("API key %d made by organiser %d for %s", stored.id(), organiserId,
                wanted.isEmpty() ? "all their campaigns" : wanted.size() + " campaign(s)");
        return new Created(new KeyView(stored.id(), stored.name(), List.copyOf(wanted), stored.originSystem(), stored.createdAt(), null), key);
    }

    /** The organiser's keys that are not revoked, newest first. */
    @Transactional
    public List<KeyView> list(long organiserId) {
        Map<Long, String> slugs = new LinkedHashMap<>();
        owned(organiserId).forEach((slug, id) -> slugs.put(id, slug));
        return keys.listActive(organiserId).stream()
                .map(k -> new KeyView(k.id(), k.name(), k.campaignIds().stream().map(slugs::get).filter(s -> s != null).toList(),
                        k.originSystem(), k.createdAt(), k.lastUsedAt()))
                .toList();
    }

    /** Revokes one of the organiser's keys at once; another's key, or none of that id, is unknown (404). */
    @Transactional
    public void revoke(long organiserId, long keyId) {
        if (!keys.revoke(organiserId, keyId)) {
            throw new UnknownResourceException("You have no API key " + keyId + ".");
        }
        Log.infof("API key %d revoked by organiser %d", keyId, organiserId);
    }

    /**
     * The key behind a request, if it is valid (looked up every time: a revoked key stops at once on every replica);
     * its use is recorded at most once a minute.
     */
    @Transactional
    public Optional<PartnerKey> authenticate(String key) {
        return keys.findActiveByHash(hashes.ofApiKey(key)).map(stored -> {
            if (stored.lastUsedAt() == null || stored.lastUsedAt().isBefore(Instant.now().minusSeconds(60))) {
                keys.touch(stored.id());
            }
            return new PartnerKey(stored.id(), stored.organiserId(), stored.campaignIds(), stored.originSystem());
        });
    }

    /** A disabled organiser's keys stop with their token, in the same transaction. */
    void onOrganiserDisabled(@Observes OrganiserDisabled disabled) {
        int revoked = keys.revokeAllOf(disabled.organiserId());
        if (revoked > 0) {
            Log.infof("%d API key(s) of disabled organiser %d revoked", revoked, disabled.organiserId());
        }
    }

    /** The organiser's own campaigns by slug (not those of teams they are in). */
    private Map<String, Long> owned(long organiserId) {
        return campaigns.slugsOwnedBy(organiserId);
    }
}
