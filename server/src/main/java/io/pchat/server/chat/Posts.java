package io.pchat.server.chat;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

import io.netty.channel.EventLoop;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.room.Grant;
import io.pchat.server.room.Participant;
import io.pchat.server.session.InfoVerdict;
import io.pchat.storage.log.NewMessage;

/**
 * The post path (docs/design.md "Path of a message", steps 3-4): a {@code grpchat} from a dialog is
 * authorised on its event loop, without storage, against the grant the dialog got when it
 * joined: joined to the room, room enabled, may post (auditorium: presenters only), else 403;
 * text not empty nor only white space, else 400; text within {@code messageSizeLimit} UTF-8 bytes ({@code storySizeLimit} for a story), else
 * 413. An accepted post goes to the {@link MessageSequencer} (this node's log, or the room's
 * owner in a pool) with the dialog's authenticated user as author (never what
 * the client wrote); the verdict is 200 only once the message is durable, 503 with Retry-After
 * when the log refused it (nothing stored). Delivery is the log's: every durable message goes
 * to the fan-out from its writer thread.
 *
 * <p>Invariant: the verdict completes on the dialog's event loop.
 */
final class Posts {
    private final String domain;
    private final int messageSizeLimit;
    private final int storySizeLimit;
    private final MessageSequencer sequencer;

    Posts(ChatSettings settings, MessageSequencer sequencer) {
        this.domain = settings.domain();
        this.messageSizeLimit = settings.messageSizeLimit();
        this.storySizeLimit = settings.storySizeLimit();
        this.sequencer = sequencer;
    }

    /** On the event loop: refuses at once, or appends and answers when durable. */
    CompletionStage<InfoVerdict> post(SessionState state, GroupChat chat) {
        if (!state.isEnabled()) {
            return refused(InfoVerdict.forbidden("Not Enabled"));
        }
        Optional<RoomUri> uri = chat.roomUri();
        Participant p = uri.isPresent() && uri.get().domain().equalsIgnoreCase(domain) ? state.joined(uri.get().id()) : null;
        if (p == null) {
            return refused(InfoVerdict.forbidden("Not Joined"));
        }
        Grant grant = p.grant();
        if (grant.room().disabled()) {
            return refused(InfoVerdict.forbidden("Room Disabled"));
        }
        if (!grant.decision().post()) {
            return refused(InfoVerdict.forbidden("No Chat Permission"));
        }
        if (chat.chat().isBlank()) {
            return refused(InfoVerdict.badRequest("Empty Message")); // docs/xccos.md: nothing to store
        }
        int limit = chat.storyTitle() != null ? storySizeLimit : messageSizeLimit;
        if (utf8Length(chat.chat()) > limit) {
            return refused(InfoVerdict.tooLarge("Message Too Long"));
        }
        NewMessage message = new NewMessage(p.roomId(), state.session().user(), chat.chat(), chat.alert(),
                chat.storyTitle());
        EventLoop loop = state.session().eventLoop();
        CompletableFuture<InfoVerdict> verdict = new CompletableFuture<>();
        sequencer.append(message).whenComplete((stored, error) -> {
            InfoVerdict v = error == null ? InfoVerdict.OK : Failures.verdict(error);
            try {
                loop.execute(() -> verdict.complete(v));
            } catch (RejectedExecutionException e) {
                verdict.complete(v);
            }
        });
        return verdict;
    }

    private static CompletionStage<InfoVerdict> refused(InfoVerdict verdict) {
        return CompletableFuture.completedFuture(verdict);
    }

    /** The UTF-8 length of {@code s} without encoding it (an unpaired surrogate counts 3, as it is written U+FFFD). */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
