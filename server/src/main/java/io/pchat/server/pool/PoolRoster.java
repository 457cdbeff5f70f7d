package io.pchat.server.pool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.pchat.protocol.link.Presence;
import io.pchat.server.room.LiveRooms;

/**
 * Who is joined where on the other nodes of the pool, as their presence frames said: per room,
 * per node, the users joined there and whether each manages the room. A presence frame states
 * whether the user is in the room on its node (the node sends a part only once the user's last
 * dialog there left), so applying one twice changes nothing: a join announced both by a node's
 * snapshot on (re)connect and as it happened is counted once. It decides which nodes get a fan-out copy of a room's messages and lets join
 * replies list the whole pool's participants.
 *
 * <p>Invariant: a node's entries are exactly what it announced since its connection to this
 * node opened (it announces everything on connect); they are dropped when that connection closes.
 * Thread-safe.
 */
public final class PoolRoster {
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Map<String, int[]>>> rooms = new ConcurrentHashMap<>();

    /** Applies a peer's join or part. */
    public void apply(String node, Presence p) {
        String room = key(p.roomId());
        rooms.compute(room, (k, byNode) -> {
            ConcurrentHashMap<String, Map<String, int[]>> nodes = byNode == null ? new ConcurrentHashMap<>() : byNode;
            Map<String, int[]> users = nodes.computeIfAbsent(node, n -> new HashMap<>());
            if (p.joined()) {
                int[] entry = users.computeIfAbsent(p.user(), u -> new int[2]);
                entry[0] = 1;
                entry[1] = p.manager() ? 1 : entry[1];
            } else {
                users.remove(p.user());
            }
            if (users.isEmpty()) {
                nodes.remove(node);
            }
            return nodes.isEmpty() ? null : nodes;
        });
    }

    /** Forgets everything a node announced (its connection closed). */
    public void forget(String node) {
        for (String room : new ArrayList<>(rooms.keySet())) {
            rooms.computeIfPresent(room, (k, nodes) -> {
                nodes.remove(node);
                return nodes.isEmpty() ? null : nodes;
            });
        }
    }

    /** The other nodes with someone joined to the room: a live, read-only view (no copy per message on the fan-out path). */
    public Set<String> nodesIn(String roomId) {
        Map<String, Map<String, int[]>> nodes = rooms.get(key(roomId));
        return nodes == null ? Set.of() : Collections.unmodifiableSet(nodes.keySet());
    }

    /** The users joined to the room on other nodes. */
    public List<LiveRooms.RemoteUser> usersIn(String roomId) {
        Map<String, Map<String, int[]>> nodes = rooms.get(key(roomId));
        if (nodes == null) {
            return List.of();
        }
        Map<String, Boolean> users = new HashMap<>();
        rooms.computeIfPresent(key(roomId), (k, v) -> {
            v.values().forEach(u -> u.forEach((user, e) -> users.merge(user, e[1] == 1, Boolean::logicalOr)));
            return v;
        });
        return users.entrySet().stream().map(e -> new LiveRooms.RemoteUser(e.getKey(), e.getValue())).toList();
    }

    private static String key(String roomId) {
        return roomId.toLowerCase(Locale.ROOT);
    }
}
