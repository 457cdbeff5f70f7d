package io.pchat.server.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.pchat.protocol.xccos.Envelope;

/**
 * Limits how many envelopes one dialog may send per second: a token bucket per dialog
 * ({@code perSecond} tokens a second, up to {@code burst} saved up). An envelope over the limit
 * is answered 503 with {@code Retry-After: 1} and never reaches the command layer, so nothing of
 * it is done or stored; well-behaved clients resend.
 *
 * <p>Buckets are created at session start and dropped at session end; a bucket is touched only
 * on its dialog's event loop, so it needs no lock.
 */
public final class CommandRateLimit implements XccosService {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final XccosService next;
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Tokens of one dialog; confined to its event loop. */
    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }

    public CommandRateLimit(XccosService next, int perSecond, int burst) {
        this(next, perSecond, burst, System::nanoTime);
    }

    CommandRateLimit(XccosService next, int perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("perSecond and burst must be positive");
        }
        this.next = next;
        this.perSecond = perSecond;
        this.burst = Math.max(burst, perSecond);
        this.nanoTime = nanoTime;
    }

    @Override
    public void onSessionStarted(ClientSession session) {
        buckets.put(session.id(), new Bucket(burst, nanoTime.getAsLong()));
        next.onSessionStarted(session);
    }

    @Override
    public CompletionStage<InfoVerdict> onEnvelope(ClientSession session, Envelope envelope) {
        Bucket bucket = buckets.get(session.id());
        if (bucket != null && !take(bucket)) {
            return CompletableFuture.completedFuture(InfoVerdict.unavailable(1));
        }
        return next.onEnvelope(session, envelope);
    }

    @Override
    public boolean admitsInvalidEnvelope(ClientSession session) {
        Bucket bucket = buckets.get(session.id());
        return (bucket == null || take(bucket)) && next.admitsInvalidEnvelope(session);
    }

    @Override
    public void onSessionEnded(ClientSession session, String reason) {
        buckets.remove(session.id());
        next.onSessionEnded(session, reason);
    }

    private boolean take(Bucket b) {
        long now = nanoTime.getAsLong();
        b.tokens = Math.min(burst, b.tokens + (now - b.refilledAt) * perSecond / NANOS_PER_SECOND);
        b.refilledAt = now;
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }
}
