package io.pchat.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.client.ChatClient;
import io.pchat.client.ChatListener;
import io.pchat.protocol.link.Deliver;
import io.pchat.protocol.link.ForwardPost;
import io.pchat.protocol.link.PostResult;
import io.pchat.protocol.link.PostStatus;
import io.pchat.protocol.link.Presence;
import io.pchat.protocol.xccos.GroupChat;
import io.pchat.protocol.xccos.RoomUri;
import io.pchat.server.drill.DrillPool;
import io.pchat.server.tls.TlsSettings;
import io.pchat.storage.log.StoredMessage;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomRole;
import io.pchat.storage.room.RoomSpec;

/**
 * A member of the pool that is not the room's owner (here with its own genuine certificate, the
 * strongest position a forger can have on an authenticated link) sends what used to be stored and
 * shown: a post in a closed room by a non-member, a 4,000-character post, a post by a bare
 * {@code sip:ceo}, and a copy of "msgid 424242 from sip:cfo". None is stored, none reaches the
 * room's client, and the real traffic goes on.
 */
class ForgedLinkFramesTest {

    @TempDir
    Path dir;
    DrillPool pool;
    NodeLink forger;

    @AfterEach
    void stop() throws Exception {
        if (forger != null) {
            forger.stop();
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void whatAPeerForgesIsNeitherStoredNorShown() throws Exception {
        pool = new DrillPool(dir, DrillPool.Shape.small());
        pool.startDatabases();
        for (String id : List.of("dc1-n1", "dc1-n2", "dc2-n1")) { // dc2-n2 stays down: the forger speaks as it
            pool.startNode(id);
        }
        var owner = pool.node("dc1-n1");
        Room room = owner.store().rooms().create(RoomSpec.named("Board", owner.store().categories()
                .ensureRoot(DrillPool.DOMAIN).id()).withPrivacy(Privacy.CLOSED));
        owner.store().rooms().addRole(room.id(), RoomRole.MEMBER, "sip:alice@example.com", "sip:admin@example.com");
        String ownerId = await().atMost(Duration.ofSeconds(20)).until(
                () -> owner.pool().ownership().view().ownerOf(room.id()), id -> id != null);
        PoolClients clients = new PoolClients(pool);
        ChatClient alice = clients.connect("sip:alice@example.com", ownerId);
        List<GroupChat> heard = new CopyOnWriteArrayList<>();
        alice.addListener(new ChatListener() {
            @Override
            public void onMessage(GroupChat message) {
                heard.add(message);
            }
        });
        RoomUri uri = RoomUri.of(DrillPool.DOMAIN, room.id());
        assertThat(alice.join(uri).get(20, TimeUnit.SECONDS).code()).isEqualTo(200);

        forger = linkAs("dc2-n2");
        forger.start();
        LinkPeer toOwner = forger.peer(ownerId);
        await().atMost(Duration.ofSeconds(20)).until(toOwner::connected);

        PostResult nonMember = toOwner.forward(post(toOwner, room, "sip:mallory@example.com", "let me in"))
                .get(20, TimeUnit.SECONDS);
        PostResult tooLong = toOwner.forward(post(toOwner, room, "sip:alice@example.com", "x".repeat(4000)))
                .get(20, TimeUnit.SECONDS);
        PostResult bareName = toOwner.forward(post(toOwner, room, "sip:ceo", "approve it"))
                .get(20, TimeUnit.SECONDS);
        toOwner.write(new Deliver(room.id(), 424242, Instant.now(), "sip:cfo@example.com", "wire the money", false, null));
        toOwner.flush();

        assertThat(List.of(nonMember, tooLong, bareName)).extracting(PostResult::status).containsOnly(PostStatus.REFUSED);
        assertThat(alice.post(uri, "the real one").get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> heard.stream().anyMatch(m -> "the real one".equals(m.chat())));
        assertThat(heard).as("what alice was shown").extracting(GroupChat::chat).containsExactly("the real one");
        assertThat(owner.store().history().last(room.id(), 50).get(20, TimeUnit.SECONDS)).extracting(StoredMessage::text)
                .containsExactly("the real one");
    }

    private static ForwardPost post(LinkPeer peer, Room room, String author, String text) {
        return new ForwardPost(peer.nextRequestId(), room.id(), author, text, false, null);
    }

    /** A node link for the pool's member {@code id}, with that member's own certificate, that stores nothing. */
    private NodeLink linkAs(String id) {
        PoolMember self = pool.members().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
        Path certificates = dir.resolve("link-tls");
        TlsSettings tls = new TlsSettings(certificates.resolve(id + ".crt"), certificates.resolve(id + ".key"),
                Optional.of(certificates.resolve("ca.crt")), TlsSettings.clientAuth("require"));
        PoolSettings settings = PoolSettings.single().withMembers(pool.members())
                .withLink("127.0.0.1", self.link().getPort());
        return new NodeLink(self, settings, new NodeLink.Frames() {
            @Override
            public boolean mirrorInSync() {
                return true;
            }

            @Override
            public CompletableFuture<PostResult> forwarded(String peer, ForwardPost post) {
                return CompletableFuture.completedFuture(new PostResult(post.requestId(), PostStatus.REFUSED, 0, "forger"));
            }

            @Override
            public CompletableFuture<Boolean> acquire(String peer, String roomId) {
                return CompletableFuture.completedFuture(false);
            }

            @Override
            public void deliver(String peer, Deliver copy) {
            }

            @Override
            public void presence(String peer, Presence presence) {
            }

            @Override
            public void peerUp(String peer) {
            }

            @Override
            public void peerDown(String peer) {
            }

            @Override
            public void dialled(String peer) {
            }
        }, () -> 1, tls.linkServerContext(), tls.linkClientContext());
    }
}
