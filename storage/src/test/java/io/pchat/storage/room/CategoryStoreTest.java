package io.pchat.storage.room;

import static io.pchat.storage.TestStores.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pchat.storage.DuplicateNameException;
import io.pchat.storage.NotFoundException;
import io.pchat.storage.TestDatabases;
import io.pchat.storage.TestStores;

class CategoryStoreTest {
    private static final TestStores stores = new TestStores();

    @AfterAll
    static void close() {
        stores.close();
    }

    private static CategoryStore categories(TestDatabases kind) {
        return stores.of(kind).categories();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void theRootIsCreatedOnceWithEveryoneInScopeAndEverythingOn(TestDatabases kind) {
        Category root = categories(kind).ensureRoot("example.com");
        assertThat(categories(kind).ensureRoot("other.example")).isEqualTo(root);
        assertThat(categories(kind).root()).contains(root);
        assertThat(root.root()).isTrue();
        assertThat(root.allowed()).isEmpty();
        assertThat(root.invitations() && root.fileUpload() && root.logged()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aCategoryIsCreatedReadUpdatedListedAndDeleted(TestDatabases kind) {
        CategoryStore store = categories(kind);
        String name = unique("Engineering");
        Category created = store.create(CategorySettings.named(name).withDescription("builders").withLogged(false));
        assertThat(created.name()).isEqualTo(name);
        assertThat(created.root()).isFalse();
        assertThat(created.logged()).isFalse();
        assertThat(store.get(created.id())).contains(created);

        Category updated = store.update(created.id(), created.settings().withName(name + "x").withFileUpload(false));
        assertThat(updated.name()).isEqualTo(name + "x");
        assertThat(updated.fileUpload()).isFalse();
        assertThat(store.list()).contains(updated);

        assertThat(store.delete(created.id())).isTrue();
        assertThat(store.get(created.id())).isEmpty();
        assertThat(store.delete(created.id())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void namesAreUniqueIgnoringCase(TestDatabases kind) {
        CategoryStore store = categories(kind);
        String name = unique("Sales");
        Category first = store.create(CategorySettings.named(name));
        assertThatThrownBy(() -> store.create(CategorySettings.named(name.toUpperCase(Locale.ROOT))))
                .isInstanceOf(DuplicateNameException.class);
        Category other = store.create(CategorySettings.named(unique("Other")));
        assertThatThrownBy(() -> store.update(other.id(), other.settings().withName(" " + name.toLowerCase(Locale.ROOT) + " ")))
                .isInstanceOf(DuplicateNameException.class);
        assertThat(store.update(first.id(), first.settings().withName(name.toUpperCase(Locale.ROOT))).name())
                .as("a category may change the case of its own name").isEqualTo(name.toUpperCase(Locale.ROOT));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void principalsAreAddedOnceLowerCasedAndRemoved(TestDatabases kind) {
        CategoryStore store = categories(kind);
        Category c = store.create(CategorySettings.named(unique("Scoped")));
        assertThat(store.addPrincipal(c.id(), CategoryPrincipalKind.ALLOWED, "@Example.COM")).isTrue();
        assertThat(store.addPrincipal(c.id(), CategoryPrincipalKind.ALLOWED, "@example.com")).isFalse();
        assertThat(store.addPrincipal(c.id(), CategoryPrincipalKind.DENIED, "sip:Eve@Example.com")).isTrue();
        assertThat(store.addPrincipal(c.id(), CategoryPrincipalKind.CREATOR, "sip:ann@example.com")).isTrue();
        Category read = store.get(c.id()).orElseThrow();
        assertThat(read.allowed()).containsExactly("@example.com");
        assertThat(read.denied()).containsExactly("sip:eve@example.com");
        assertThat(read.creators()).containsExactly("sip:ann@example.com");

        assertThat(store.removePrincipal(c.id(), CategoryPrincipalKind.DENIED, "SIP:eve@example.com")).isTrue();
        assertThat(store.get(c.id()).orElseThrow().denied()).isEmpty();
        assertThatThrownBy(() -> store.addPrincipal("no-such-id", CategoryPrincipalKind.ALLOWED, "@x.com"))
                .isInstanceOf(NotFoundException.class);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aCategoryWithRoomsOrTheRootIsNotDeleted(TestDatabases kind) {
        var store = stores.of(kind);
        Category c = store.categories().create(CategorySettings.named(unique("Busy")));
        Room room = store.rooms().create(RoomSpec.named(unique("room"), c.id()));
        assertThatThrownBy(() -> store.categories().delete(c.id())).isInstanceOf(CategoryNotEmptyException.class)
                .hasMessageContaining("1 room");
        assertThat(store.categories().get(c.id())).isPresent();

        store.rooms().delete(room.id());
        assertThat(store.categories().delete(c.id())).isTrue();
        Category root = store.categories().ensureRoot("example.com");
        assertThatThrownBy(() -> store.categories().delete(root.id())).isInstanceOf(IllegalArgumentException.class);
    }
}
