package io.pchat.client;

import java.util.List;

import io.pchat.protocol.xccos.Gap;

/**
 * A page of a room's history: its messages, oldest first, and the gaps (msgids that name no
 * message: the room's numbering skipped them after a failover) that the page spans.
 */
public record HistoryPage(List<ChatMessage> messages, List<Gap> gaps) {
    public HistoryPage {
        messages = List.copyOf(messages);
        gaps = List.copyOf(gaps);
    }

    public static HistoryPage of(List<ChatMessage> messages) {
        return new HistoryPage(messages, List.of());
    }
}
