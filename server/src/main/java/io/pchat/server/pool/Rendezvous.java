package io.pchat.server.pool;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Rendezvous (highest random weight) hashing of a room over nodes: each node scores the room,
 * the highest score owns it. Every node computes the same owner from the same node set; when a
 * node leaves, only its rooms move, and when one joins, only the rooms it now wins move.
 * The hash is FNV-1a 64 over the lower-cased room id and the node id, finished with a 64-bit
 * mixer: fixed, so it agrees across JVMs and versions.
 */
public final class Rendezvous {
    private Rendezvous() {
    }

    /** The owner of {@code roomId} among {@code nodes}, or empty when there is none. */
    public static Optional<String> owner(String roomId, Collection<String> nodes) {
        String room = roomId.toLowerCase(Locale.ROOT);
        String best = null;
        long bestScore = 0;
        for (String node : nodes) {
            long score = score(room, node);
            if (best == null || Long.compareUnsigned(score, bestScore) > 0
                    || (score == bestScore && node.compareTo(best) < 0)) {
                best = node;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    static long score(String room, String node) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, room.getBytes(StandardCharsets.UTF_8));
        h = (h ^ 0xff) * 0x100000001b3L; // separator: ("ab","c") and ("a","bc") differ
        h = fnv(h, node.getBytes(StandardCharsets.UTF_8));
        // splitmix64 finisher: spreads FNV's weak low bits
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    private static long fnv(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }
}
