package org.groundswell.team;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.groundswell.campaign.CampaignAccess;
import org.groundswell.campaign.Memberships;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every query on campaign_member: the people the owner of a campaign invited, and their role. */
@ApplicationScoped
public class TeamRepository implements Memberships {

    private final EntityManager em;

    public TeamRepository(EntityManager em) {
        this.em = em;
    }

    public record Member(String email, TeamRole role, Instant since) {
    }

    /** Adds the person, or gives them the new role; answers whether they were new to the team. */
    public boolean upsert(long campaignId, String email, TeamRole role) {
        boolean existed = roleIn(campaignId, email).isPresent();
        em.createNativeQuery("""
                        INSERT INTO campaign_member (campaign_id, email, role) VALUES (:campaign, :email, :role)
                        ON CONFLICT (campaign_id, email) DO UPDATE SET role = excluded.role""")
                .setParameter("campaign", campaignId)
                .setParameter("email", email)
                .setParameter("role", role.name())
                .executeUpdate();
        return !existed;
    }

    public boolean delete(long campaignId, String email) {
        return em.createNativeQuery("DELETE FROM campaign_member WHERE campaign_id = :campaign AND email = :email")
                .setParameter("campaign", campaignId)
                .setParameter("email", email)
                .executeUpdate() == 1;
    }

    @SuppressWarnings("unchecked")
    public List<Member> list(long campaignId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT email, role, created_at FROM campaign_member WHERE campaign_id = :campaign ORDER BY email")
                .setParameter("campaign", campaignId)
                .getResultList();
        return rows.stream().map(r -> new Member((String) r[0], TeamRole.valueOf((String) r[1]), (Instant) r[2])).toList();
    }

    @SuppressWarnings("unchecked")
    Optional<TeamRole> roleIn(long campaignId, String email) {
        List<String> rows = em.createNativeQuery("SELECT role FROM campaign_member WHERE campaign_id = :campaign AND email = :email")
                .setParameter("campaign", campaignId)
                .setParameter("email", email)
                .getResultList();
        return rows.stream().findFirst().map(TeamRole::valueOf);
    }

    /** Whether the address is in any team (it may then sign in to the console). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isInAnyTeam(String email) {
        return !em.createNativeQuery("SELECT 1 FROM campaign_member WHERE email = :email LIMIT 1")
                .setParameter("email", email)
                .getResultList().isEmpty();
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<CampaignAccess.Relation> roleOf(long campaignId, String email) {
        return roleIn(campaignId, email).map(TeamRole::relation);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public Map<Long, CampaignAccess.Relation> campaignsOf(String email) {
        List<Object[]> rows = em.createNativeQuery("SELECT campaign_id, role FROM campaign_member WHERE email = :email")
                .setParameter("email", email)
                .getResultList();
        Map<Long, CampaignAccess.Relation> campaigns = new LinkedHashMap<>();
        rows.forEach(r -> campaigns.put(((Number) r[0]).longValue(), TeamRole.valueOf((String) r[1]).relation()));
        return campaigns;
    }
}
