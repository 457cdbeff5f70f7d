package io.pchat.storage.preference;

import static io.pchat.storage.TestStores.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pchat.storage.TestDatabases;
import io.pchat.storage.TestStores;

class PreferenceStoreTest {
    private static final TestStores stores = new TestStores();

    @AfterAll
    static void close() {
        stores.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void theFirstWriteExpectsRevisionZeroAndEachNextTheCurrentOne(TestDatabases kind) {
        PreferenceStore prefs = stores.of(kind).preferences();
        String u = user("ann", "example.com");
        assertThat(prefs.get(u, "groups")).isEmpty();
        assertThat(prefs.put(u, "groups", 0, bytes("one"))).isEqualTo(new PreferenceWrite.Stored(1));
        assertThat(prefs.put(u, "groups", 1, bytes("two"))).isEqualTo(new PreferenceWrite.Stored(2));
        Preference stored = prefs.get(u.toUpperCase(Locale.ROOT), "groups").orElseThrow();
        assertThat(stored.revision()).isEqualTo(2);
        assertThat(stored.content()).isEqualTo(bytes("two"));
        assertThat(prefs.get(u, "other")).as("per label").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aStaleRevisionIsRefusedAndChangesNothing(TestDatabases kind) {
        PreferenceStore prefs = stores.of(kind).preferences();
        String u = user("bob", "example.com");
        prefs.put(u, "groups", 0, bytes("one"));
        prefs.put(u, "groups", 1, bytes("two"));

        assertThat(prefs.put(u, "groups", 1, bytes("late"))).isEqualTo(new PreferenceWrite.Stale(2));
        assertThat(prefs.put(u, "groups", 0, bytes("first?"))).isEqualTo(new PreferenceWrite.Stale(2));
        assertThat(prefs.put(u, "groups", 7, bytes("future"))).isEqualTo(new PreferenceWrite.Stale(2));
        assertThat(prefs.put(u, "fresh", 3, bytes("none yet"))).isEqualTo(new PreferenceWrite.Stale(0));
        assertThat(prefs.get(u, "groups").orElseThrow().content()).isEqualTo(bytes("two"));
        assertThat(prefs.get(u, "fresh")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void binaryContentRoundTripsAndIsDeleted(TestDatabases kind) {
        PreferenceStore prefs = stores.of(kind).preferences();
        String u = user("cy", "example.com");
        byte[] content = new byte[70_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        prefs.put(u, "blob", 0, content);
        assertThat(prefs.get(u, "blob").orElseThrow().content()).isEqualTo(content);
        assertThat(prefs.delete(u, "blob")).isTrue();
        assertThat(prefs.get(u, "blob")).isEmpty();
    }
}
