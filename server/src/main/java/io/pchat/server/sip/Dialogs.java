package io.pchat.server.sip;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open dialog of the node, across connections, and how many each user holds, so that the
 * per-user limit holds node-wide.
 *
 * <p>Invariant: {@code perUser.get(u)} equals the number of dialogs of {@code u} in {@code byId},
 * and is never above the limit; users with no dialog have no entry. Thread-safe: every event loop
 * adds and removes its own dialogs.
 */
public final class Dialogs {

    private final int maxPerUser;
    private final ConcurrentHashMap<DialogId, Dialog> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> perUser = new ConcurrentHashMap<>();

    Dialogs(int maxPerUser) {
        this.maxPerUser = maxPerUser;
    }

    /** Adds the dialog unless its user already holds the maximum; false then. */
    boolean tryAdd(Dialog dialog) {
        boolean[] added = {false};
        perUser.compute(dialog.user(), (user, count) -> {
            int n = count == null ? 0 : count;
            if (n >= maxPerUser) {
                return count;
            }
            added[0] = true;
            return n + 1;
        });
        if (added[0]) {
            byId.put(dialog.dialogId(), dialog);
        }
        return added[0];
    }

    void remove(Dialog dialog) {
        if (byId.remove(dialog.dialogId(), dialog)) {
            perUser.computeIfPresent(dialog.user(), (user, count) -> count <= 1 ? null : count - 1);
        }
    }

    /** The number of open dialogs. */
    public int size() {
        return byId.size();
    }

    /** The open dialogs of {@code user} (a lower-cased sip: URI), in no order. */
    public List<Dialog> ofUser(String user) {
        return byId.values().stream().filter(d -> d.user().equals(user)).toList();
    }

    /** A snapshot of every open dialog. */
    public Collection<Dialog> all() {
        return List.copyOf(byId.values());
    }
}
