package org.groundswell.congress;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Objects;

/**
 * Who represents a state, as every signature and confirmation asks: one query per state, cached for a second
 * (an import on another replica is seen within it; one on this replica at once).
 */
@ApplicationScoped
public class CongressDirectory {

    private final LegislatorRepository legislators;
    private final Cache delegations;

    public CongressDirectory(LegislatorRepository legislators, @CacheName("congress-by-state") Cache delegations) {
        this.legislators = legislators;
        this.delegations = delegations;
    }

    /** A state's active members of Congress. */
    public record Delegation(List<Legislator> senators, List<Legislator> houseMembers) {

        public List<Legislator> houseMember(int district) {
            return houseMembers.stream().filter(m -> Objects.equals(m.district, district)).toList();
        }

        /** The highest district held (0: one at-large seat); null when no House member is stored. */
        public Integer highestDistrict() {
            return houseMembers.stream().map(m -> m.district).max(Integer::compare).orElse(null);
        }
    }

    public Delegation of(String state) {
        return delegations.<String, Delegation>get(state, this::load).await().indefinitely();
    }

    public Integer highestDistrict(String state) {
        return of(state).highestDistrict();
    }

    /** After an import on this replica. */
    public void forgetAll() {
        delegations.invalidateAll().await().indefinitely();
    }

    private Delegation load(String state) {
        List<Legislator> members = QuarkusTransaction.joiningExisting().call(() -> legislators.activeInState(state));
        return new Delegation(members.stream().filter(Legislator::isSenator).toList(),
                members.stream().filter(m -> !m.isSenator()).toList());
    }
}
