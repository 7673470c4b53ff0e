package org.groundswell.target;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The active members of Congress for a place. */
@ApplicationScoped
public class Representatives implements PanacheRepositoryBase<Legislator, String> {

    public List<Legislator> senators(String state) {
        return list("active = true and chamber = ?1 and state = ?2", Sort.by("lastName").and("bioguide"),
                Legislator.SENATE, state);
    }

    public List<Legislator> houseMembers(String state) {
        return list("active = true and chamber = ?1 and state = ?2", Sort.by("district").and("lastName").and("bioguide"),
                Legislator.HOUSE, state);
    }

    public List<Legislator> houseMember(String state, int district) {
        return list("active = true and chamber = ?1 and state = ?2 and district = ?3", Sort.by("lastName").and("bioguide"),
                Legislator.HOUSE, state, district);
    }

    /** The highest district of a state's active House members (0: one at-large seat); null when none are loaded. */
    public Integer highestDistrict(String state) {
        return getEntityManager().createQuery(
                        "select max(l.district) from Legislator l where l.active = true and l.chamber = ?1 and l.state = ?2",
                        Integer.class)
                .setParameter(1, Legislator.HOUSE)
                .setParameter(2, state)
                .getSingleResult();
    }
}
