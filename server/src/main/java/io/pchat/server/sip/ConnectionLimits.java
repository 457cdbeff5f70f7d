package io.pchat.server.sip;

import java.time.Duration;

/**
 * What one SIP connection may cost the node before it is closed, and what all of them may cost
 * together: the bounds that hold for a peer that has not authenticated (or never will).
 *
 * <p>Invariant: every value is positive and {@code maxOutboundBytes} is at least the high-water
 * mark it is checked against (the constructor refuses anything else, naming the key).
 *
 * @param handshakeTimeout        a connection with no complete SIP message this long after it opened is closed
 * @param messageTimeout          a message whose first bytes arrived must be complete within this (header
 *                                block and body together); a byte every few seconds cannot keep it open
 * @param idleTimeout             a connection that holds no dialog and no registration is closed this long
 *                                after its last complete message (keep-alives do not count)
 * @param maxConnectionsPerAddress connections one source address may hold at once (trusted peers exempt)
 * @param maxOutboundBytes        bytes queued to one connection past which it is closed at once
 * @param outboundBudget          bytes queued to all connections together past which new dialogs get 503
 *                                and connections over their high-water mark are cut
 */
public record ConnectionLimits(Duration handshakeTimeout, Duration messageTimeout, Duration idleTimeout,
        int maxConnectionsPerAddress, long maxOutboundBytes, long outboundBudget) {

    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ofSeconds(120), 100, 16L << 20, 1L << 30);

    public ConnectionLimits {
        positive("sip.handshakeTimeout", handshakeTimeout);
        positive("sip.messageTimeout", messageTimeout);
        positive("sip.idleTimeout", idleTimeout);
        if (maxConnectionsPerAddress <= 0) {
            throw new IllegalArgumentException("sip.maxConnectionsPerAddress must be positive: " + maxConnectionsPerAddress);
        }
        if (maxOutboundBytes <= 0) {
            throw new IllegalArgumentException("sip.maxOutboundBytes must be positive: " + maxOutboundBytes);
        }
        if (outboundBudget < maxOutboundBytes) {
            throw new IllegalArgumentException("sip.outboundBudget (" + outboundBudget
                    + ") must be at least sip.maxOutboundBytes (" + maxOutboundBytes + ")");
        }
    }

    public ConnectionLimits withHandshakeTimeout(Duration v) {
        return new ConnectionLimits(v, messageTimeout, idleTimeout, maxConnectionsPerAddress, maxOutboundBytes, outboundBudget);
    }

    public ConnectionLimits withMessageTimeout(Duration v) {
        return new ConnectionLimits(handshakeTimeout, v, idleTimeout, maxConnectionsPerAddress, maxOutboundBytes, outboundBudget);
    }

    public ConnectionLimits withIdleTimeout(Duration v) {
        return new ConnectionLimits(handshakeTimeout, messageTimeout, v, maxConnectionsPerAddress, maxOutboundBytes, outboundBudget);
    }

    public ConnectionLimits withMaxConnectionsPerAddress(int v) {
        return new ConnectionLimits(handshakeTimeout, messageTimeout, idleTimeout, v, maxOutboundBytes, outboundBudget);
    }

    public ConnectionLimits withMaxOutboundBytes(long v) {
        return new ConnectionLimits(handshakeTimeout, messageTimeout, idleTimeout, maxConnectionsPerAddress, v, outboundBudget);
    }

    public ConnectionLimits withOutboundBudget(long v) {
        return new ConnectionLimits(handshakeTimeout, messageTimeout, idleTimeout, maxConnectionsPerAddress, maxOutboundBytes, v);
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive: " + value);
        }
    }
}
