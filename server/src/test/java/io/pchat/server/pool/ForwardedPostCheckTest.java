package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.pchat.protocol.link.ForwardPost;
import io.pchat.storage.ChatStore;
import io.pchat.storage.config.EndpointConfig;
import io.pchat.storage.config.StorageConfig;
import io.pchat.storage.pool.PoolEpoch;
import io.pchat.storage.room.Category;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomRole;
import io.pchat.storage.room.RoomSpec;

/**
 * The owner checks a forwarded post as it checks a client's: the forged posts a peer could store
 * before (a post in a closed room by a non-member, 4,000 characters, an empty author, a bare
 * {@code sip:ceo}) are refused; a member's ordinary post passes.
 */
class ForwardedPostCheckTest {
    private static final AtomicInteger DB = new AtomicInteger();
    private ChatStore store;
    private ForwardedPostCheck check;
    private Room closed;

    @BeforeEach
    void open() {
        store = ChatStore.open(StorageConfig.builder()
                .primary(EndpointConfig.of("jdbc:h2:mem:fwd" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1")).build(),
                new PoolEpoch(1));
        Category root = store.categories().ensureRoot("example.com");
        closed = store.rooms().create(RoomSpec.named("Board", root.id()).withPrivacy(Privacy.CLOSED));
        store.rooms().addRole(closed.id(), RoomRole.MEMBER, "sip:alice@example.com", "sip:admin@example.com");
        check = new ForwardedPostCheck(store, 512, 4096);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ForwardPost post(String author, String text) {
        return new ForwardPost(1, closed.id(), author, text, false, null);
    }

    @Test
    void aMembersOrdinaryPostPasses() {
        assertThat(check.problem(post("sip:alice@example.com", "hello"))).isEmpty();
    }

    @Test
    void whatNoClientCouldPostIsRefused() {
        assertThat(check.problem(post("sip:mallory@example.com", "in a closed room"))).hasValueSatisfying(
                p -> assertThat(p).contains("may not post"));
        assertThat(check.problem(post("sip:alice@example.com", "x".repeat(4000)))).hasValueSatisfying(
                p -> assertThat(p).contains("longer than 512"));
        assertThat(check.problem(post("", "no author"))).isPresent();
        assertThat(check.problem(post("sip:ceo", "a bare name"))).isPresent();
        assertThat(check.problem(new ForwardPost(1, "no-such-room", "sip:alice@example.com", "hi", false, null)))
                .hasValueSatisfying(p -> assertThat(p).contains("no room"));
    }

    @Test
    void aDisabledRoomTakesNoForwardedPost() {
        store.rooms().update(closed.id(), RoomSpec.named("Board", closed.categoryId()).withPrivacy(Privacy.CLOSED)
                .withDisabled(true));
        store.invalidateCaches();
        assertThat(check.problem(post("sip:alice@example.com", "hello"))).hasValueSatisfying(
                p -> assertThat(p).contains("disabled"));
    }
}
