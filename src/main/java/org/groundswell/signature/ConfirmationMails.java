package org.groundswell.signature;

import org.groundswell.common.Tokens;
import org.groundswell.mail.Outbox;
import org.groundswell.mail.OutgoingMail;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Confirmation mails issued in one transaction, for signing and for releasing held signatures alike: every mail
 * carries a token of its own, of which only the hash is stored. The tokens and the mails are each written with one
 * statement.
 */
public final class ConfirmationMails {

    private final SupporterMails mails;
    private final SignatureRepository signatures;
    private final Outbox outbox;
    private final List<String> tokenHashes = new ArrayList<>();
    private final List<Long> signatureIds = new ArrayList<>();
    private final List<OutgoingMail> outgoing = new ArrayList<>();

    public ConfirmationMails(SupporterMails mails, SignatureRepository signatures, Outbox outbox) {
        this.mails = mails;
        this.signatures = signatures;
        this.outbox = outbox;
    }

    public void add(long signatureId, String email, String campaignTitle) {
        String token = Tokens.newToken();
        tokenHashes.add(Tokens.hash(token));
        signatureIds.add(signatureId);
        outgoing.add(mails.confirmation(signatureId, email, campaignTitle, token));
    }

    /** Writes the tokens and the mails in the current transaction; answers how many. */
    public int write() {
        if (!outgoing.isEmpty()) {
            signatures.insertTokens(tokenHashes, signatureIds);
            outbox.enqueueAll(outgoing);
        }
        return outgoing.size();
    }

    /** Writes the tokens and the mails on the connection of a group commit's transaction; answers the mails. */
    List<OutgoingMail> write(Connection connection) throws SQLException {
        if (!outgoing.isEmpty()) {
            signatures.insertTokens(connection, tokenHashes, signatureIds);
            outbox.enqueueAll(connection, outgoing);
        }
        return outgoing;
    }
}
