package org.groundswell.signature;

import java.util.List;

/**
 * Why an abuse limit held a signature ({@link AbuseLimits}); stored by name in signature.held_reasons, every limit
 * the signature met, in this order. A reviewer's release lifts the address, network and campaign limits (they
 * protect the campaign); the mailbox's own (suppression, its day's mails) are checked again and hold as when signing.
 */
public enum HoldReason {
    /** Too many signatures from one client address (an IPv6 client's /64) to one campaign within the burst window. */
    ADDRESS_BURST,
    /** ... or within the sustained window. */
    ADDRESS_SUSTAINED,
    /** Too many signatures from one IPv6 /48 to one campaign within the burst window. */
    NETWORK_BURST,
    /** ... or within the sustained window. */
    NETWORK_SUSTAINED,
    /** The campaign had its budget of new signatures for the window. */
    CAMPAIGN,
    /** The mailbox is on the suppression list: it gets no mail at all. */
    SUPPRESSED,
    /** The mailbox had its day's confirmation mails. */
    MAILBOX;

    /** Holds that signing again within the limits lifts: every one but the suppression list. */
    public static final List<HoldReason> LIFTED_BY_SIGNING_AGAIN = List.of(ADDRESS_BURST, ADDRESS_SUSTAINED, NETWORK_BURST,
            NETWORK_SUSTAINED, CAMPAIGN, MAILBOX);

    static String[] names(List<HoldReason> reasons) {
        String[] names = new String[reasons.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = reasons.get(i).name();
        }
        return names;
    }
}
