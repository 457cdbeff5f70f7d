package io.pchat.storage.user;

import static io.pchat.storage.TestStores.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pchat.storage.ChatStore;
import io.pchat.storage.DuplicateNameException;
import io.pchat.storage.NotFoundException;
import io.pchat.storage.TestDatabases;
import io.pchat.storage.TestStores;

class UserStoreTest {
    private static final TestStores stores = new TestStores();

    @AfterAll
    static void close() {
        stores.close();
    }

    @Test
    void ha1IsTheHexDigestOfUserRealmPassword() {
        // RFC 2617 3.5 example: Mufasa / testrealm@host.com / Circle Of Life
        assertThat(DigestAlgorithm.MD5.ha1("Mufasa", "testrealm@host.com", "Circle Of Life"))
                .isEqualTo("939e7578ed9e3c518a452acee763bce9");
        assertThat(DigestAlgorithm.SHA_256.ha1("Mufasa", "http-auth@example.org", "Circle of Life"))
                .isEqualTo("7987c64c30e25f1b74be53f966b49b90f2808aa92faf9a00262392d7b4794232");
        assertThat(UserStore.digestUsername("SIP:Alice@Example.com")).isEqualTo("alice@example.com");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aUserIsAddedReadEnabledDisabledRenamedAndDeleted(TestDatabases kind) {
        UserStore users = stores.of(kind).users();
        String uri = user("Alice", "Example.com");
        User added = users.add(uri, "Alice A.", true);
        assertThat(added.uri()).isEqualTo(uri.toLowerCase(Locale.ROOT));
        assertThat(added.enabled()).isTrue();
        assertThat(added.hasPassword()).isFalse();
        assertThat(users.get(uri.toUpperCase(Locale.ROOT))).contains(added);

        users.setEnabled(uri, false);
        users.setDisplayName(uri, "Alice B.");
        User changed = users.get(uri).orElseThrow();
        assertThat(changed.enabled()).isFalse();
        assertThat(changed.displayName()).isEqualTo("Alice B.");

        assertThat(users.delete(uri)).isTrue();
        assertThat(users.get(uri)).isEmpty();
        assertThat(users.delete(uri)).isFalse();
        assertThatThrownBy(() -> users.setEnabled(uri, true)).isInstanceOf(NotFoundException.class);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aUriIsAddedOnlyOnceIgnoringCase(TestDatabases kind) {
        UserStore users = stores.of(kind).users();
        String uri = user("bob", "example.com");
        users.add(uri, "Bob", true);
        assertThatThrownBy(() -> users.add(uri.toUpperCase(Locale.ROOT), "Bob again", true)).isInstanceOf(DuplicateNameException.class);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void onlyTheHashesOfAPasswordAreStored(TestDatabases kind) {
        ChatStore store = stores.of(kind);
        String uri = user("carol", "example.com");
        store.users().add(uri, "Carol", true);
        store.users().setPassword(uri, "pchat", "s3cret!");

        String username = UserStore.digestUsername(uri);
        assertThat(store.users().ha1(uri, DigestAlgorithm.MD5)).contains(
                new Ha1(username, "pchat", DigestAlgorithm.MD5, DigestAlgorithm.MD5.ha1(username, "pchat", "s3cret!")));
        assertThat(store.users().ha1(uri, DigestAlgorithm.SHA_256).orElseThrow().hex()).hasSize(64);
        assertThat(store.users().get(uri).orElseThrow().realm()).contains("pchat");
        List<String> row = store.endpoints().read(c -> {
            try (var s = c.prepareStatement("SELECT * FROM chat_user WHERE uri = ?")) {
                s.setString(1, uri);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        values.add(String.valueOf(rs.getObject(i)));
                    }
                    return values;
                }
            }
        });
        assertThat(row).noneMatch(v -> v.contains("s3cret"));

        store.users().clearPassword(uri);
        assertThat(store.users().ha1(uri, DigestAlgorithm.SHA_256)).isEmpty();
        assertThat(store.users().ha1("sip:nobody@example.com", DigestAlgorithm.MD5)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void usersAreListedByUriInPages(TestDatabases kind) {
        UserStore users = stores.of(kind).users();
        String domain = TestStores.unique("page") + ".example.com";
        for (String name : List.of("c", "a", "b")) {
            users.add("sip:" + name + "@" + domain, name, true);
        }
        List<String> all = users.list("", 10_000).stream().map(User::uri).filter(u -> u.endsWith(domain)).toList();
        assertThat(all).containsExactly("sip:a@" + domain, "sip:b@" + domain, "sip:c@" + domain);
        assertThat(users.list("sip:a@" + domain, 1)).extracting(User::uri).containsExactly("sip:b@" + domain);
    }
}
