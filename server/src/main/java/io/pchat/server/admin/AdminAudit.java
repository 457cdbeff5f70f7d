package io.pchat.server.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per admin change, on its own logger ({@code io.pchat.server.admin.AdminAudit})
 * so it can be routed to an audit file: {@code admin change by admin: room created 'Sales' (id ...)}.
 * Reads are not logged. Secrets (passwords) are never part of a line.
 */
final class AdminAudit {
    private static final Logger log = LoggerFactory.getLogger(AdminAudit.class);
    static final String WHO = "admin";

    private AdminAudit() {
    }

    /** {@code what}: the change ("room created"); {@code which}: the object and anything useful. */
    static void changed(String what, String which) {
        changedBy(WHO, what, which);
    }

    /** A change made by someone else than the operator: a user managing their room in the console. */
    static void changedBy(String who, String what, String which) {
        log.info("admin change by {}: {} {}", who, what, which);
    }
}
