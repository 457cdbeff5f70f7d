package io.pchat.client;

import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.Notice;

import java.util.Objects;

/** One thing a {@link ChatListener} heard, as a value for {@link ChatEvents}. */
public sealed interface ChatEvent permits ChatEvent.MessageReceived, ChatEvent.NoticeReceived, ChatEvent.Closed {

    /** A delivered chat message. */
    record MessageReceived(GroupChat message) implements ChatEvent {
        public MessageReceived {
            Objects.requireNonNull(message, "message");
        }
    }

    /** A node notice. */
    record NoticeReceived(Notice notice) implements ChatEvent {
        public NoticeReceived {
            Objects.requireNonNull(notice, "notice");
        }
    }

    /** The dialog ended; nothing follows. */
    record Closed(String reason) implements ChatEvent {
        public Closed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
