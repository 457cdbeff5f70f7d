package io.pchat.server.session;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pchat.protocol.xccos.Envelope;

/**
 * One INFO line when a session starts and one when it ends (with how long it lasted and why), and
 * nothing per message: the node's session log. Sits in front of the command layer.
 */
public final class SessionLog implements XccosService {
    private static final Logger log = LoggerFactory.getLogger("io.pchat.sessions");

    private final XccosService next;
    private final ConcurrentHashMap<String, Long> started = new ConcurrentHashMap<>();

    public SessionLog(XccosService next) {
        this.next = next;
    }

    @Override
    public void onSessionStarted(ClientSession session) {
        started.put(session.id(), System.nanoTime());
        log.info("session start {} [{}]", session.user(), session.id());
        next.onSessionStarted(session);
    }

    @Override
    public CompletionStage<InfoVerdict> onEnvelope(ClientSession session, Envelope envelope) {
        return next.onEnvelope(session, envelope);
    }

    @Override
    public boolean admitsInvalidEnvelope(ClientSession session) {
        return next.admitsInvalidEnvelope(session);
    }

    @Override
    public void onSessionEnded(ClientSession session, String reason) {
        Long at = started.remove(session.id());
        String lasted = at == null ? "?" : String.format("%.1f s", (System.nanoTime() - at) / 1e9);
        log.info("session end {} [{}] after {}: {}", session.user(), session.id(), lasted, reason);
        next.onSessionEnded(session, reason);
    }
}
