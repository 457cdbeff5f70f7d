package io.pchat.client.load;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one load run does. Built by {@code pchat bench} from its options and shapes.
 *
 * <p>Invariants: 1 &lt;= users; every room's size &lt;= users; {@code ratePerSecond} &gt;= 0
 * (0: as fast as the node takes posts, with {@code maxInFlight} posts outstanding); durations are
 * not negative; {@code stageRates} is empty unless the run is a staged ramp (shape B).
 *
 * @param host           the node's SIP host
 * @param port           the node's SIP port
 * @param domain         the chat domain (users are {@code sip:benchN@domain})
 * @param users          simulated users, one SIP dialog and TCP connection each
 * @param rooms          rooms (which must exist on the node) and how many users join each
 * @param ratePerSecond  posts per second over all users, 0 for as fast as possible
 * @param maxInFlight    posts outstanding at once when {@code ratePerSecond} is 0
 * @param warmup         posting before measuring starts
 * @param duration       measured posting time (per stage for a ramp)
 * @param stageRates     a ramp's post rates, one stage each, in order (empty: one steady run)
 * @param idle           connect and join but post nothing (shape C)
 * @param allowRemote    whether a non-loopback host is allowed
 */
public record LoadOptions(String host, int port, String domain, int users, List<RoomPlan> rooms, double ratePerSecond,
        int maxInFlight, Duration warmup, Duration duration, List<Double> stageRates, boolean idle, boolean allowRemote) {

    public LoadOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(domain, "domain");
        rooms = List.copyOf(rooms);
        stageRates = List.copyOf(stageRates);
        if (users < 1) {
            throw new IllegalArgumentException("users must be positive: " + users);
        }
        for (RoomPlan room : rooms) {
            if (room.size() > users) {
                throw new IllegalArgumentException("room " + room.name() + " has " + room.size() + " users but the run has only "
                        + users);
            }
        }
        if (ratePerSecond < 0 || maxInFlight < 1) {
            throw new IllegalArgumentException("rate must not be negative and maxInFlight must be positive");
        }
        if (warmup.isNegative() || duration.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** The user URI of simulated user {@code i}. */
    public String user(int i) {
        return "sip:bench" + i + "@" + domain;
    }
}
