package org.groundswell.signature;

import java.util.List;

/** Why an abuse limit held a signature ({@link AbuseLimits}); stored by name in signature.held_reason. */
public enum HoldReason {
    /** Too many signatures from one client address to one campaign within the burst window. */
    ADDRESS_BURST,
    /** ... or within the sustained window. */
    ADDRESS_SUSTAINED,
    /** The mailbox is on the suppression list: it gets no mail at all. */
    SUPPRESSED,
    /** The mailbox had its day's confirmation mails. */
    MAILBOX;

    /** Holds a reviewer may lift: the address limits protect the campaign. The mailbox's own stay with the mailbox. */
    public static final List<HoldReason> RELEASABLE_BY_REVIEW = List.of(ADDRESS_BURST, ADDRESS_SUSTAINED);

    /** Holds that signing again within the limits lifts: every one but the suppression list. */
    public static final List<HoldReason> LIFTED_BY_SIGNING_AGAIN = List.of(ADDRESS_BURST, ADDRESS_SUSTAINED, MAILBOX);

    static String[] names(List<HoldReason> reasons) {
        String[] names = new String[reasons.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = reasons.get(i).name();
        }
        return names;
    }
}
