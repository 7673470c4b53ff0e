package org.groundswell.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignInput;
import org.groundswell.campaign.CampaignRepository;
import org.groundswell.campaign.CampaignService;
import org.groundswell.config.GroundswellConfig;
import org.groundswell.organiser.Organiser;
import org.groundswell.organiser.OrganiserService;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo campaigns in {@code demo/campaigns.json}: loaded at start in dev (groundswell.demo.load-on-start),
 * or on request through the admin endpoint. Campaigns whose slug exists are left alone, so loading is idempotent.
 */
@ApplicationScoped
public class DemoCampaigns {

    static final String DEMO_ORGANISER_EMAIL = "demo@groundswell.invalid";

    private final CampaignService campaigns;
    private final CampaignRepository campaignRepository;
    private final OrganiserService organisers;
    private final ObjectMapper objectMapper;

    public DemoCampaigns(CampaignService campaigns, CampaignRepository campaignRepository, OrganiserService organisers,
                         ObjectMapper objectMapper) {
        this.campaigns = campaigns;
        this.campaignRepository = campaignRepository;
        this.organisers = organisers;
        this.objectMapper = objectMapper;
    }

    void onStart(@Observes StartupEvent event, GroundswellConfig config) {
        if (config.demo().loadOnStart()) {
            List<String> loaded = load();
            Log.infof("Demo campaigns loaded: %s", loaded.isEmpty() ? "none missing" : loaded);
        }
    }

    /** Creates the demo campaigns that are missing; answers the slugs created. */
    @Transactional
    public List<String> load() {
        // Replicas starting together would both create the demo organiser and campaigns: one at a time.
        campaignRepository.lockDemoLoading();
        Organiser owner = organisers.findByEmail(DEMO_ORGANISER_EMAIL)
                .orElseGet(() -> organisers.create("Groundswell demo", DEMO_ORGANISER_EMAIL).organiser());
        List<String> created = new ArrayList<>();
        for (CampaignInput input : read()) {
            if (!campaignRepository.slugExists(input.slug())) {
                campaigns.create(owner.id, input);
                created.add(input.slug());
            }
        }
        return created;
    }

    private List<CampaignInput> read() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("demo/campaigns.json")) {
            return objectMapper.readValue(in, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("demo/campaigns.json is unreadable", e);
        }
    }
}
