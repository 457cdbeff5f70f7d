package io.pchat.server.pool;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.pchat.server.chat.NodePlacement;
import io.pchat.server.sip.SessionAdmission;

/**
 * Where a pool member sends clients, decided from its current {@link PoolView}: the session
 * admission of INVITEs and the placement of {@code cmd:requri}. Invariant: a node redirects only
 * to live active nodes other than itself, and only on a view read from the writing database at
 * its last heartbeat ({@code fresh}): a node that cannot read the pool record does not know who
 * is live (two such nodes would send clients to each other), so it answers 503 until it can.
 */
final class PoolAdmission {
    private final PoolSettings settings;
    private final PoolMember self;
    private final Supplier<PoolView> view;
    private final BooleanSupplier fresh;

    PoolAdmission(PoolSettings settings, PoolMember self, Supplier<PoolView> view, BooleanSupplier fresh) {
        this.settings = settings;
        this.self = self;
        this.view = view;
        this.fresh = fresh;
    }

    /** Active nodes take sessions; others redirect to the live active ones (see the class comment). */
    SessionAdmission admission() {
        return () -> {
            PoolView v = view.get();
            if (v.selfActive()) {
                return SessionAdmission.Verdict.ADMIT;
            }
            if (!fresh.getAsBoolean()) {
                return new SessionAdmission.Unavailable(2, "Pool Database Unreachable");
            }
            List<String> contacts = v.liveActive().stream().filter(id -> !id.equals(self.id())).map(settings::member)
                    .flatMap(Optional::stream).map(PoolMember::sipUri).toList();
            return contacts.isEmpty() ? new SessionAdmission.Unavailable(5, "No Active Node")
                    : new SessionAdmission.Redirect(contacts);
        };
    }

    /**
     * {@code cmd:requri}: this node while it is active, else the live active node chosen by
     * rendezvous over the user (so one user's devices land together).
     */
    NodePlacement placement() {
        return user -> {
            PoolView v = view.get();
            if (v.selfActive()) {
                return CompletableFuture.completedFuture(self.sipUri());
            }
            return Rendezvous.owner(user, v.liveActive()).flatMap(settings::member)
                    .map(m -> CompletableFuture.completedFuture(m.sipUri()))
                    .orElseGet(() -> CompletableFuture.failedFuture(new RoomUnavailableException("no active node")));
        };
    }
}
