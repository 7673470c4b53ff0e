package org.groundswell.console;

/** What a sign-in link is, when opened. */
public sealed interface LinkLookup {

    /** It signs in the person with this address, once, if pressed before it expires. */
    record Valid(String email) implements LinkLookup {
    }

    /** It signed someone in already. */
    record Used() implements LinkLookup {
    }

    /** Older than its lifetime. */
    record Expired() implements LinkLookup {
    }

    /** Not a link of ours. */
    record Unknown() implements LinkLookup {
    }
}
