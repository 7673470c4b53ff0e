package org.groundswell.signature;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The hash of a token mailed to a supporter; every token of a signature stays valid. */
@Entity
@Table(name = "confirmation_token")
public class ConfirmationToken {

    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "signature_id")
    public Long signatureId;
}
