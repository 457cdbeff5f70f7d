package io.pchat.server.sip;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.pchat.protocol.xccos.Envelope;
import io.pchat.server.session.ClientSession;
import io.pchat.server.session.InfoVerdict;
import io.pchat.server.session.XccosService;

/**
 * A fake command layer: records every call, with the thread it came on, and answers envelopes
 * with a configurable verdict (200 by default).
 */
public final class RecordingXccosService implements XccosService {

    public record Received(ClientSession session, Envelope envelope, boolean onEventLoop) {
    }

    public record Ended(ClientSession session, String reason, boolean onEventLoop) {
    }

    public final List<ClientSession> started = new CopyOnWriteArrayList<>();
    public final List<Received> envelopes = new CopyOnWriteArrayList<>();
    public final List<Ended> ended = new CopyOnWriteArrayList<>();
    private volatile Function<Envelope, CompletionStage<InfoVerdict>> verdicts = e -> CompletableFuture.completedFuture(InfoVerdict.OK);

    /** Answers every following envelope with {@code verdict}. */
    public void answerWith(InfoVerdict verdict) {
        verdicts = e -> CompletableFuture.completedFuture(verdict);
    }

    /** Answers every following envelope with what {@code verdicts} gives (a stage completing later, for instance). */
    public void answerWith(Function<Envelope, CompletionStage<InfoVerdict>> verdicts) {
        this.verdicts = verdicts;
    }

    public void reset() {
        started.clear();
        envelopes.clear();
        ended.clear();
        answerWith(InfoVerdict.OK);
    }

    /** Every recorded end of {@code session}. */
    public List<Ended> endsOf(ClientSession session) {
        return ended.stream().filter(e -> e.session() == session).toList();
    }

    /** The session the service was told about whose id contains {@code callId}. */
    public ClientSession startedWithCallId(String callId) {
        return started.stream().filter(s -> s.id().startsWith(callId + ";")).findFirst()
                .orElseThrow(() -> new AssertionError("no session started for Call-ID " + callId + " in " + started));
    }

    @Override
    public void onSessionStarted(ClientSession session) {
        started.add(session);
    }

    @Override
    public CompletionStage<InfoVerdict> onEnvelope(ClientSession session, Envelope envelope) {
        envelopes.add(new Received(session, envelope, session.eventLoop().inEventLoop()));
        return verdicts.apply(envelope);
    }

    @Override
    public void onSessionEnded(ClientSession session, String reason) {
        ended.add(new Ended(session, reason, session.eventLoop().inEventLoop()));
    }
}
