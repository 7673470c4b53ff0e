package org.groundswell.console;

/**
 * Whether one more sign-in link may be mailed, from counts of the links already made: for the mailbox, those still
 * live (unused, unexpired) and those made within the window; for the asking client address, those made within the
 * window.
 * <p>
 * Someone who asks for links in another's name cannot lock them out: a mailbox is refused a new link only while it
 * holds live links already, which are in its inbox and sign in. At most {@code livePerMailbox} are live at once;
 * beyond {@code perMailbox} in the window, a new one is mailed only once none is live (the last expired or was
 * used), so a mailbox gets at most {@code perMailbox} plus one a link lifetime within the window. The client
 * address's limit is the one that stops a single client mailing many mailboxes.
 */
public record SignInLimits(int livePerMailbox, int perMailbox, int perClient) {

    public enum Decision {
        MAIL,
        /** The asking address made its links for the window. */
        CLIENT_LIMITED,
        /** The mailbox holds as many live links as it may: one of them signs in. */
        LIVE_LINKS_HELD,
        /** The mailbox had its links for the window, and holds a live one still. */
        MAILBOX_LIMITED
    }

    public SignInLimits {
        if (livePerMailbox < 1 || perMailbox < 1 || perClient < 1) {
            throw new IllegalArgumentException("Sign-in limits must be at least 1");
        }
    }

    /**
     * @param liveForMailbox links of the mailbox neither used nor expired
     * @param madeForMailbox links made for the mailbox within the window
     * @param madeFromClient links made from the asking client address within the window
     */
    public Decision decide(long liveForMailbox, long madeForMailbox, long madeFromClient) {
        if (madeFromClient >= perClient) {
            return Decision.CLIENT_LIMITED;
        }
        if (liveForMailbox >= livePerMailbox) {
            return Decision.LIVE_LINKS_HELD;
        }
        if (madeForMailbox >= perMailbox && liveForMailbox > 0) {
            return Decision.MAILBOX_LIMITED;
        }
        return Decision.MAIL;
    }
}
