package io.pchat.client.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One room of a load run: its name on the node and how many simulated users join it.
 *
 * <p>The default mix follows the capacity model published for the original product (Lync 2013
 * / Skype for Business Persistent Chat capacity planning: a pool of 80,000 connected users in
 * small rooms of 30 users, medium rooms of 150 and large rooms of 16,000; 32,000 small, 1,067
 * medium and 10 large rooms: the counts as recalled, see docs/benchmarks.md), scaled by a
 * factor: the room counts and the user count are
 * multiplied by it (at least one room of each kind) and a large room holds every user when the
 * scaled population is smaller than 16,000.
 *
 * <p>Invariant: the name is not blank; 1 &lt;= size.
 */
public record RoomPlan(String name, int size) {
    /** Connected users of one pool in the original product's capacity model. */
    public static final int MODEL_USERS = 80_000;
    static final int[] MODEL_SIZES = {30, 150, 16_000};
    static final int[] MODEL_ROOMS = {32_000, 1_067, 10};

    public RoomPlan {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("room name is missing");
        }
        if (size < 1) {
            throw new IllegalArgumentException("room size must be positive: " + size);
        }
    }

    /** The users of the capacity model scaled by {@code scale} (at least 30). */
    public static int modelUsers(double scale) {
        return Math.max(30, (int) Math.round(MODEL_USERS * scale));
    }

    /** The capacity model's rooms scaled by {@code scale}, sizes capped at {@code users}. */
    public static List<RoomPlan> capacityModel(double scale, int users) {
        if (!(scale > 0) || scale > 1) {
            throw new IllegalArgumentException("scale must be in (0, 1]: " + scale);
        }
        List<RoomPlan> rooms = new ArrayList<>();
        for (int kind = 0; kind < MODEL_SIZES.length; kind++) {
            int count = Math.max(1, (int) Math.round(MODEL_ROOMS[kind] * scale));
            rooms.addAll(uniform(count, Math.min(MODEL_SIZES[kind], users)));
        }
        return rooms;
    }

    /** {@code count} rooms of {@code size} users, named {@code bench-<size>-<n>}. */
    public static List<RoomPlan> uniform(int count, int size) {
        List<RoomPlan> rooms = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            rooms.add(new RoomPlan(String.format(Locale.ROOT, "bench-%d-%04d", size, i), size));
        }
        return rooms;
    }

    /**
     * A mix written as {@code COUNTxSIZE[,COUNTxSIZE...]}, e.g. {@code 20x30,2x150,1x1000}.
     * Rooms of the same size from different terms share one numbering.
     */
    public static List<RoomPlan> parseMix(String mix) {
        List<RoomPlan> rooms = new ArrayList<>();
        for (String term : mix.split(",")) {
            String[] parts = term.trim().toLowerCase(Locale.ROOT).split("x");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a mix term is COUNTxSIZE: " + term);
            }
            int count = Integer.parseInt(parts[0].trim());
            int size = Integer.parseInt(parts[1].trim());
            int already = (int) rooms.stream().filter(r -> r.size() == size).count();
            for (RoomPlan r : uniform(already + count, size).subList(already, already + count)) {
                rooms.add(r);
            }
        }
        return rooms;
    }

    /** Room-memberships of the whole mix: the deliveries one post to every room would make. */
    public static long memberships(List<RoomPlan> rooms) {
        return rooms.stream().mapToLong(RoomPlan::size).sum();
    }
}
