package org.groundswell.campaign;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Campaigns as the signing path and the pages read them: snapshots cached for a second (bounded; see
 * quarkus.cache.caffeine.* in application.properties). A change made here is seen at once; one made by another
 * replica within the cache's second.
 */
@ApplicationScoped
public class CampaignCatalog {

    private static final Pattern SLUG = Pattern.compile(CampaignInput.SLUG);

    private final CampaignRepository campaigns;
    private final Cache bySlug;
    private final Cache byId;

    public CampaignCatalog(CampaignRepository campaigns, @CacheName("campaign-by-slug") Cache bySlug,
                           @CacheName("campaign-by-id") Cache byId) {
        this.campaigns = campaigns;
        this.bySlug = bySlug;
        this.byId = byId;
    }

    public Optional<CampaignSnapshot> bySlug(String slug) {
        if (!isSlug(slug)) {
            return Optional.empty(); // no such campaign can exist: neither the cache nor the database is asked
        }
        return bySlug.<String, Optional<CampaignSnapshot>>get(slug, s -> read(() -> campaigns.findBySlug(s))).await().indefinitely();
    }

    static boolean isSlug(String slug) {
        return slug != null && slug.length() <= 80 && SLUG.matcher(slug).matches();
    }

    public Optional<CampaignSnapshot> byId(long id) {
        return byId.<Long, Optional<CampaignSnapshot>>get(id, i -> read(() -> campaigns.findByIdOptional(i))).await().indefinitely();
    }

    /** Straight from the database, bypassing the cache (for pages rebuilt at most every half second). */
    public Optional<CampaignSnapshot> fresh(String slug) {
        return isSlug(slug) ? read(() -> campaigns.findBySlug(slug)) : Optional.empty();
    }

    /** After this replica changed a campaign. */
    public void forget(CampaignSnapshot campaign) {
        bySlug.invalidate(campaign.slug()).await().indefinitely();
        byId.invalidate(campaign.id()).await().indefinitely();
    }

    private Optional<CampaignSnapshot> read(java.util.function.Supplier<Optional<Campaign>> find) {
        return QuarkusTransaction.joiningExisting().call(() -> find.get()
                .map(c -> CampaignSnapshot.of(c, campaigns.milestones(c.id))));
    }
}
