package org.groundswell.congress;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A member of Congress in their current term; written only by {@link LegislatorImporter}. */
@Entity
public class Legislator {

    public static final String SENATE = "sen";
    public static final String HOUSE = "rep";

    @Id
    public String bioguide;

    /** {@link #SENATE} or {@link #HOUSE}. */
    public String chamber;

    public String state;

    /** House only; 0 is an at-large seat. */
    public Integer district;

    public String party;

    @Column(name = "full_name")
    public String fullName;

    @Column(name = "last_name")
    public String lastName;

    public String phone;

    @Column(name = "office_address")
    public String officeAddress;

    @Column(name = "contact_form")
    public String contactForm;

    public String url;

    public boolean active;

    public boolean isSenator() {
        return SENATE.equals(chamber);
    }

    /** How the step lists them: "Senator Maria Cantwell", "Representative Pramila Jayapal". */
    public String title() {
        return (isSenator() ? "Senator " : "Representative ") + fullName;
    }

    /** How a letter addresses them: "Senator Cantwell". */
    public String salutation() {
        return (isSenator() ? "Senator " : "Representative ") + lastName;
    }
}
