package io.pchat.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.pchat.protocol.xccos.Envelope;

class CommandRateLimitTest {
    private final AtomicLong now = new AtomicLong();
    private final List<Envelope> reached = new ArrayList<>();
    private final XccosService commands = new XccosService() {
        @Override
        public void onSessionStarted(ClientSession session) {
        }

        @Override
        public CompletionStage<InfoVerdict> onEnvelope(ClientSession session, Envelope envelope) {
            reached.add(envelope);
            return CompletableFuture.completedFuture(InfoVerdict.OK);
        }

        @Override
        public void onSessionEnded(ClientSession session, String reason) {
        }
    };
    private final CommandRateLimit limit = new CommandRateLimit(commands, 10, 20, now::get);

    private int send(ClientSession session, int n) {
        int ok = 0;
        for (int i = 0; i < n; i++) {
            InfoVerdict v = limit.onEnvelope(session, Envelope.of(i)).toCompletableFuture().join();
            if (v.status() == 200) {
                ok++;
            } else {
                assertThat(v.status()).isEqualTo(503);
                assertThat(v.retryAfterSeconds()).isEqualTo(1);
            }
        }
        return ok;
    }

    @Test
    void aBurstIsTakenAndTheExcessGets503WithoutReachingTheCommandLayer() {
        ClientSession alice = session("a");
        limit.onSessionStarted(alice);
        assertThat(send(alice, 30)).isEqualTo(20);
        assertThat(reached).hasSize(20);
    }

    @Test
    void tokensComeBackAtTheConfiguredRate() {
        ClientSession alice = session("a");
        limit.onSessionStarted(alice);
        send(alice, 20);
        now.addAndGet(500_000_000L); // half a second: 5 tokens
        assertThat(send(alice, 10)).isEqualTo(5);
    }

    @Test
    void unreadableEnvelopesCountAgainstTheRateLikeValidOnes() {
        ClientSession mallory = session("m");
        limit.onSessionStarted(mallory);
        int admitted = 0;
        for (int i = 0; i < 200; i++) { // junk as fast as it can be sent: it used to be answered 400 every time
            if (limit.admitsInvalidEnvelope(mallory)) {
                admitted++;
            }
        }
        assertThat(admitted).as("junk envelopes answered 400 rather than 503").isEqualTo(20);
        assertThat(send(mallory, 5)).as("the junk used the dialog's tokens").isZero();
        assertThat(reached).isEmpty();
    }

    @Test
    void eachDialogHasItsOwnBucketAndEndedDialogsAreForgotten() {
        ClientSession a = session("a");
        ClientSession b = session("b");
        limit.onSessionStarted(a);
        limit.onSessionStarted(b);
        send(a, 20);
        assertThat(send(b, 20)).isEqualTo(20);
        limit.onSessionEnded(a, "bye");
        limit.onSessionEnded(b, "bye");
        assertThat(reached).hasSize(40);
    }

    private static ClientSession session(String id) {
        return new ClientSession() {
            @Override public String id() { return id; }
            @Override public String user() { return "sip:" + id + "@example.com"; }
            @Override public boolean isOpen() { return true; }
            @Override public EventLoop eventLoop() { return null; }
            @Override public void send(Envelope envelope) { }
            @Override public void sendShared(ByteBuf body) { }
            @Override public void flush() { }
            @Override public void end(String reason) { }
        };
    }
}
