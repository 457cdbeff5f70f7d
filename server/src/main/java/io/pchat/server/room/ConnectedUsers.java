package io.pchat.server.room;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.pchat.server.session.ClientSession;

/**
 * The established dialogs of each user on this node (a user may have several devices), so that
 * something meant for a user ({@code ntc:inv}) reaches every one of their dialogs.
 *
 * <p>Invariant: a dialog is listed from {@code onSessionStarted} to {@code onSessionEnded};
 * users without dialogs have no entry. Updates run inside the map's per-key {@code compute} and
 * replace a copy-on-write array, so readers never lock.
 */
public final class ConnectedUsers {
    private static final ClientSession[] NONE = {};

    private final ConcurrentHashMap<String, ClientSession[]> byUser = new ConcurrentHashMap<>();

    public void add(ClientSession session) {
        byUser.compute(session.user(), (u, current) -> {
            ClientSession[] cur = current == null ? NONE : current;
            for (ClientSession s : cur) {
                if (s == session) {
                    return cur;
                }
            }
            ClientSession[] next = Arrays.copyOf(cur, cur.length + 1);
            next[cur.length] = session;
            return next;
        });
    }

    public void remove(ClientSession session) {
        byUser.computeIfPresent(session.user(), (u, cur) -> {
            ClientSession[] next = Arrays.stream(cur).filter(s -> s != session).toArray(ClientSession[]::new);
            return next.length == 0 ? null : next;
        });
    }

    /** The user's dialogs (user as a lower-cased sip: URI). */
    public List<ClientSession> sessions(String user) {
        return List.of(byUser.getOrDefault(user, NONE));
    }
}
