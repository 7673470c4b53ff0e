package org.groundswell.signature;

import org.groundswell.common.Tokens;
import org.groundswell.mail.OutgoingMail;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Confirmation mails issued in one transaction, for signing and for releasing held signatures alike: every mail
 * carries a token of its own, of which only the hash is stored.
 */
final class ConfirmationMails {

    private final SupporterMails mails;
    private final List<String> tokenHashes = new ArrayList<>();
    private final List<OutgoingMail> outgoing = new ArrayList<>();

    ConfirmationMails(SupporterMails mails) {
        this.mails = mails;
    }

    void add(long signatureId, String email, String name, String campaignTitle) {
        String token = Tokens.newToken();
        tokenHashes.add(Tokens.hash(token));
        outgoing.add(mails.confirmation(signatureId, email, name, campaignTitle, token));
    }

    /** Writes the tokens and the mails on the transaction's connection; answers the mails. */
    List<OutgoingMail> write(Connection connection, SignatureBatchRepository batches) throws SQLException {
        if (!outgoing.isEmpty()) {
            batches.insertTokens(connection, tokenHashes, outgoing.stream().map(OutgoingMail::signatureId).toList());
            batches.insertMails(connection, outgoing);
        }
        return outgoing;
    }
}
