package io.pchat.client;

import io.pchat.protocol.xccos.Aib;
import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Uib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A room as a join reply describes it: its identity, who is in it, and the history it came with.
 *
 * <p>Invariants: {@code uri} is present; the lists are immutable; {@code participants} holds
 * every user of the room (ordinary participants first, then managers, each once);
 * {@code managers} is a subset of it; {@code history} is oldest first.
 */
public record JoinedRoom(String uri, String name, String description, String topic, List<String> participants,
        List<String> managers, List<ChatMessage> history) {

    public JoinedRoom {
        Objects.requireNonNull(uri, "uri");
        participants = List.copyOf(participants);
        managers = List.copyOf(managers);
        history = List.copyOf(history);
    }

    /**
     * Reads a join-form chanib; its aibs name users by the ids of {@code usersById}, the uibs of
     * the same reply. An id with no uib is skipped.
     */
    static JoinedRoom of(Chanib chanib, Map<String, String> usersById) {
        Set<String> everyone = new LinkedHashSet<>();
        List<String> managers = new ArrayList<>();
        for (Aib aib : chanib.aibs()) {
            for (String id : aib.values()) {
                String user = usersById.get(id);
                if (user == null) {
                    continue;
                }
                everyone.add(user);
                if (Aib.KEY_MANAGERS.equals(aib.key()) && !managers.contains(user)) {
                    managers.add(user);
                }
            }
        }
        // A room form without aibs: the reply's uibs are the participants.
        if (chanib.aibs().isEmpty()) {
            everyone.addAll(usersById.values());
        }
        return new JoinedRoom(chanib.uri(), chanib.name(), chanib.description(), chanib.topic(),
                new ArrayList<>(everyone), managers, chanib.msgs().stream().map(ChatMessage::of).toList());
    }

    /** The uibs of a reply by their index id; uibs without id are keyed by their position. */
    static Map<String, String> usersById(List<Uib> uibs) {
        Map<String, String> byId = new LinkedHashMap<>();
        for (int i = 0; i < uibs.size(); i++) {
            Uib uib = uibs.get(i);
            byId.putIfAbsent(uib.id() == null ? Integer.toString(i) : uib.id().strip(), uib.uri());
        }
        return byId;
    }
}
