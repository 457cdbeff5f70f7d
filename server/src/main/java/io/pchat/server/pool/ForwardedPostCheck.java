package io.pchat.server.pool;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.pchat.protocol.link.ForwardPost;
import io.pchat.storage.ChatStore;
import io.pchat.storage.room.Room;

/**
 * What the owner of a room checks of a post a peer forwarded before sequencing it, as it checks
 * a client's own post: a non-empty author, who may post in that room (membership, role, an
 * auditorium's presenters), an enabled room, and the size limits. A node link peer is another
 * node of the pool, but the owner is what the message log trusts: a peer that is wrong, or not
 * the node it says, must not be able to store what no client could.
 *
 * <p>Blocking (access decisions may read the store on a cache miss): call it off the event loops.
 */
final class ForwardedPostCheck {
    private final ChatStore store;
    private final int messageSizeLimit;
    private final int storySizeLimit;

    ForwardedPostCheck(ChatStore store, int messageSizeLimit, int storySizeLimit) {
        this.store = store;
        this.messageSizeLimit = messageSizeLimit;
        this.storySizeLimit = storySizeLimit;
    }

    /** Why the post is refused, or empty when it may be stored. */
    Optional<String> problem(ForwardPost post) {
        String author = post.author();
        if (author == null || author.isBlank() || !author.regionMatches(true, 0, "sip:", 0, 4) || author.indexOf('@') < 0) {
            return Optional.of("author '" + author + "' is not a user's sip: address");
        }
        int limit = post.storyTitle() != null ? storySizeLimit : messageSizeLimit;
        if (utf8Length(post.text()) > limit) {
            return Optional.of("message longer than " + limit + " bytes");
        }
        Optional<Room> room = store.rooms().get(post.roomId());
        if (room.isEmpty()) {
            return Optional.of("no room " + post.roomId());
        }
        if (room.get().disabled()) {
            return Optional.of("room disabled");
        }
        if (!store.access().canPost(author, post.roomId())) {
            return Optional.of(author + " may not post in room " + post.roomId());
        }
        return Optional.empty();
    }

    private static int utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
