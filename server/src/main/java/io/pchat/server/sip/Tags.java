package io.pchat.server.sip;

import java.util.concurrent.ThreadLocalRandom;

/** Random tags for the node's side of dialogs and responses (RFC 3261 section 19.3: at least 32 random bits; these have 64). */
final class Tags {

    private Tags() {
    }

    static String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
