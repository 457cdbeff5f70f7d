package io.pchat.storage.file;

import static io.pchat.storage.TestStores.unique;
import static io.pchat.storage.TestStores.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pchat.storage.ChatStore;
import io.pchat.storage.TestDatabases;
import io.pchat.storage.TestStores;
import io.pchat.storage.pool.PoolEpoch;

class FileStoreTest {
    private static final TestStores stores = new TestStores();
    private static final Duration TTL = Duration.ofMinutes(5);

    @AfterAll
    static void close() {
        stores.close();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void anUploadTokenWorksOnceForUploadsOnly(TestDatabases kind) {
        FileStore files = stores.of(kind).files();
        String room = unique("room");
        FileToken token = files.issue(FileDirection.UPLOAD, room, user("ann", "example.com"), "plan.pdf", TTL);
        assertThat(files.redeem(token.token(), FileDirection.DOWNLOAD)).as("wrong direction").isEmpty();
        assertThat(files.redeem(token.token().toUpperCase(Locale.ROOT), FileDirection.UPLOAD)).contains(token);
        assertThat(files.redeem(token.token(), FileDirection.UPLOAD)).as("used up").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void peekingAtAnUploadTokenDoesNotUseItUp(TestDatabases kind) {
        FileStore files = stores.of(kind).files();
        FileToken token = files.issue(FileDirection.UPLOAD, unique("room"), user("dan", "example.com"), "a.txt", TTL);
        assertThat(files.peek(token.token(), FileDirection.UPLOAD)).contains(token);
        assertThat(files.peek(token.token(), FileDirection.DOWNLOAD)).as("wrong direction").isEmpty();
        assertThat(files.redeem(token.token(), FileDirection.UPLOAD)).contains(token);
        assertThat(files.peek(token.token(), FileDirection.UPLOAD)).as("used up").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aDownloadTokenWorksUntilItExpiresForDownloadsOnly(TestDatabases kind) {
        FileStore files = stores.of(kind).files();
        FileToken token = files.issue(FileDirection.DOWNLOAD, unique("room"), user("bob", "example.com"), "plan.pdf", TTL);
        assertThat(files.redeem(token.token(), FileDirection.UPLOAD)).isEmpty();
        assertThat(files.redeem(token.token(), FileDirection.DOWNLOAD)).contains(token);
        assertThat(files.redeem(token.token(), FileDirection.DOWNLOAD)).as("again, to resume").contains(token);
        assertThat(files.redeem("no-such-token", FileDirection.DOWNLOAD)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void tokensExpire(TestDatabases kind) {
        TestStores.TestClock clock = new TestStores.TestClock(Instant.parse("2026-11-26T09:00:00Z"));
        try (ChatStore store = TestStores.fresh(kind, new PoolEpoch(1), clock)) {
            FileToken up = store.files().issue(FileDirection.UPLOAD, "r", "sip:c@example.com", "a.txt", TTL);
            FileToken down = store.files().issue(FileDirection.DOWNLOAD, "r", "sip:c@example.com", "a.txt", TTL);
            clock.advance(TTL);
            assertThat(store.files().redeem(up.token(), FileDirection.UPLOAD)).isEmpty();
            assertThat(store.files().redeem(down.token(), FileDirection.DOWNLOAD)).isEmpty();
            assertThat(store.files().purgeExpired()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void anUploadIsRecordedWithItsComplianceEvent(TestDatabases kind) throws Exception {
        ChatStore store = stores.of(kind);
        String room = unique("room");
        String dee = user("dee", "example.com");
        Instant before = stores.clock.instant();
        RoomFile file = store.files().recordUpload(room, "spec & notes.txt", 1234, dee);
        assertThat(store.files().file(room, file.fileId())).contains(file);
        assertThat(store.files().files(room, 10)).containsExactly(file);
        store.files().recordDownload(file, dee);

        StringWriter out = new StringWriter();
        store.compliance().export(before, before.plusSeconds(1), out);
        assertThat(out.toString())
                .contains("kind=\"FILEUPLOAD\"", "kind=\"FILEDOWNLOAD\"", "room=\"" + room + "\"", "spec &amp; notes.txt");
    }
}
