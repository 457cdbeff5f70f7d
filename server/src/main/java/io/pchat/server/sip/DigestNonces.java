package io.pchat.server.sip;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.netty.util.concurrent.Ticker;

/**
 * Stateless Digest nonces with replay protection. A nonce is {@code base64url(issued || salt || mac)}
 * where {@code issued} is the ticker's time in nanoseconds, {@code salt} 8 random bytes (two nonces
 * issued at the same instant must differ, or their nonce counts would collide) and {@code mac} the
 * first 16 bytes of HMAC-SHA256 over both and the realm under a per-process random key: the node can check any nonce
 * it issued without remembering it, and nothing else can mint one. Nonces die with the process.
 *
 * <p>Invariant: {@link #acceptNonceCount} accepts a nonce count only if it is greater than every
 * count accepted before for the same nonce; the remembered counts are dropped once their nonce
 * has expired, so the map is bounded by the number of nonces in use within one lifetime.
 * Thread-safe: shared by every event loop.
 */
final class DigestNonces {

    /** Whether a nonce may be used. */
    enum Check { VALID, STALE, FORGED }

    private static final int TIME_BYTES = Long.BYTES;
    private static final int SALT_BYTES = 8;
    private static final int MAC_BYTES = 16;
    private static final int NONCE_BYTES = TIME_BYTES + SALT_BYTES + MAC_BYTES;
    private static final int PURGE_EVERY = 256;

    private final SecureRandom random = new SecureRandom();
    private final byte[] key = new byte[32];
    private final String realm;
    private final long lifetimeNanos;
    private final Ticker ticker;
    private final ConcurrentHashMap<String, Long> lastNonceCounts = new ConcurrentHashMap<>();
    private final AtomicInteger acceptsSincePurge = new AtomicInteger();

    DigestNonces(String realm, long lifetimeNanos, Ticker ticker) {
        random.nextBytes(key);
        this.realm = realm;
        this.lifetimeNanos = lifetimeNanos;
        this.ticker = ticker;
    }

    /** A new nonce, valid for the lifetime from now. */
    String issue() {
        ByteBuffer bytes = ByteBuffer.allocate(NONCE_BYTES);
        long now = ticker.nanoTime();
        long salt = random.nextLong();
        bytes.putLong(now).putLong(salt).put(mac(now, salt));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** Whether {@code nonce} was issued by this process and is still within its lifetime. */
    Check check(String nonce) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.FORGED;
        }
        if (bytes.length != NONCE_BYTES) {
            return Check.FORGED;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long issued = buffer.getLong();
        long salt = buffer.getLong();
        byte[] mac = new byte[MAC_BYTES];
        buffer.get(mac);
        if (!MessageDigest.isEqual(mac, mac(issued, salt))) {
            return Check.FORGED;
        }
        return ticker.nanoTime() - issued > lifetimeNanos ? Check.STALE : Check.VALID;
    }

    /** Records {@code nonceCount} for {@code nonce}; false when it is not above the last one (a replay). */
    boolean acceptNonceCount(String nonce, long nonceCount) {
        if (acceptsSincePurge.incrementAndGet() >= PURGE_EVERY) {
            acceptsSincePurge.set(0);
            lastNonceCounts.keySet().removeIf(n -> check(n) != Check.VALID);
        }
        boolean[] accepted = {false};
        lastNonceCounts.compute(nonce, (n, last) -> {
            if (last == null || nonceCount > last) {
                accepted[0] = true;
                return nonceCount;
            }
            return last;
        });
        return accepted[0];
    }

    private byte[] mac(long issued, long salt) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            hmac.update(ByteBuffer.allocate(TIME_BYTES + SALT_BYTES).putLong(issued).putLong(salt).array());
            hmac.update(realm.getBytes(StandardCharsets.UTF_8));
            byte[] full = hmac.doFinal();
            byte[] cut = new byte[MAC_BYTES];
            System.arraycopy(full, 0, cut, 0, MAC_BYTES);
            return cut;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
