package io.pchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.pchat.protocol.xccos.Ftdb;
import io.pchat.protocol.xccos.Reply;
import io.pchat.protocol.xccos.Token;
import io.pchat.storage.file.FileDirection;
import io.pchat.storage.room.Inheritable;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;

/** cmd:getfutok and cmd:getfdtok, both answered rpl:getftok with a token from the store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileTokenCommandsTest {
    private final ChatFixture chat = new ChatFixture();

    @AfterAll
    void close() {
        chat.close();
    }

    @Test
    void anUploadTokenIsIssuedForARoomWithFileUploadOn() {
        Room room = chat.room("files", Privacy.OPEN);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));

        Reply reply = chat.call(alice, "getfutok", new Ftdb(ChatFixture.uri(room), "report.pdf"));

        assertThat(reply.name()).isEqualTo("getftok");
        assertThat(reply.resp().code()).isEqualTo(200);
        Token token = (Token) reply.data().get(0);
        assertThat(token.serveruri()).isEqualTo("https://127.0.0.1:8443/files");
        assertThat(chat.store.files().redeem(token.token(), FileDirection.UPLOAD)).hasValueSatisfying(t -> {
            assertThat(t.roomId()).isEqualTo(room.id());
            assertThat(t.userUri()).isEqualTo(alice.user());
            assertThat(t.fileName()).isEqualTo("report.pdf");
        });
    }

    @Test
    void noUploadTokenWhereFileUploadIsOffButADownloadTokenForWhoMayJoin() {
        Room room = chat.room(chat.spec("nofiles").withPrivacy(Privacy.OPEN).withFileUpload(Inheritable.OFF));
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));

        Reply upload = chat.call(alice, "getfutok", new Ftdb(ChatFixture.uri(room), "a.txt"));
        Reply download = chat.call(alice, "getfdtok", new Ftdb(ChatFixture.uri(room), "a.txt"));

        assertThat(upload.resp().code()).isEqualTo(403);
        assertThat(download.name()).isEqualTo("getftok");
        assertThat(download.resp().code()).isEqualTo(200);
        String token = ((Token) download.data().get(0)).token();
        assertThat(chat.store.files().redeem(token, FileDirection.DOWNLOAD)).isPresent();
    }

    @Test
    void noTokenForRoomsTheUserMayNotJoinOrSee() {
        Room closed = chat.room("closed", Privacy.CLOSED);
        Room secret = chat.room("secret", Privacy.SECRET);
        FakeClientSession alice = chat.connect(ChatFixture.user("alice"));

        assertThat(chat.call(alice, "getfdtok", new Ftdb(ChatFixture.uri(closed), "a")).resp().code()).isEqualTo(403);
        assertThat(chat.call(alice, "getfdtok", new Ftdb(ChatFixture.uri(secret), "a")).resp().code()).isEqualTo(404);
        assertThat(chat.call(alice, "getfutok", new Ftdb(ChatFixture.uri(closed), null)).resp().code()).isEqualTo(400);
        assertThat(chat.call(alice, "getfutok").resp().code()).isEqualTo(400);
    }
}
