package io.pchat.server.admin;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pchat.storage.ChatStore;
import io.pchat.storage.room.Category;
import io.pchat.storage.room.CategoryPrincipalKind;
import io.pchat.storage.room.CategorySettings;
import io.pchat.storage.room.Room;

/**
 * {@code /categories}: list, create, show, update, delete categories (New-, Set-, Get-,
 * Remove-CsPersistentChatCategory). A category is addressed by id or name. On update, a principal
 * list that is given replaces the stored one; lists not given are left as they are. After a
 * change, the category's rooms are re-decided for the users joined to them.
 */
final class CategoryResource {
    private static final String[] FIELDS = {"name", "description", "invitations", "fileUpload", "logged", "allowed",
        "denied", "creators"};

    private final AdminContext context;
    private final ChatStore store;
    private final Lookups lookups;

    CategoryResource(AdminContext context, Lookups lookups) {
        this.context = context;
        this.store = context.store();
        this.lookups = lookups;
    }

    void register(AdminRoutes routes) {
        routes.add("GET", "/categories", this::list)
                .add("POST", "/categories", this::create)
                .add("GET", "/categories/{category}", r -> AdminResponse.ok(form(lookups.category(r.param("category")))))
                .add("PATCH", "/categories/{category}", this::update)
                .add("PUT", "/categories/{category}", this::update)
                .add("DELETE", "/categories/{category}", this::delete);
    }

    private AdminResponse list(AdminRequest request) {
        List<ObjectNode> forms = store.categories().list().stream().map(this::form).toList();
        return AdminResponse.ok(AdminJson.object().set("categories", AdminJson.array(forms)));
    }

    private AdminResponse create(AdminRequest request) {
        JsonBody body = request.json().allowOnly(FIELDS);
        CategorySettings settings = settings(body, CategorySettings.named(body.text("name")));
        Lists lists = lists(body);
        Category created = store.categories().create(settings);
        lists.apply(store, created);
        Category stored = store.categories().get(created.id()).orElse(created);
        AdminAudit.changed("category created", "'" + stored.name() + "' (id " + stored.id() + ")");
        return AdminResponse.created(form(stored));
    }

    private AdminResponse update(AdminRequest request) {
        Category category = lookups.category(request.param("category"));
        JsonBody body = request.json().allowOnly(FIELDS);
        CategorySettings settings = settings(body, category.settings());
        Lists lists = lists(body);
        if (!settings.equals(category.settings())) {
            store.categories().update(category.id(), settings);
        }
        lists.apply(store, category);
        Category stored = store.categories().get(category.id()).orElseThrow();
        for (Room room : store.rooms().inCategory(category.id())) {
            context.chat().roomChanged(room.id());
        }
        AdminAudit.changed("category updated", "'" + stored.name() + "' (id " + stored.id() + ")");
        return AdminResponse.ok(form(stored));
    }

    private AdminResponse delete(AdminRequest request) {
        Category category = lookups.category(request.param("category"));
        if (category.root()) {
            throw AdminException.conflict("the root category '" + category.name() + "' cannot be deleted");
        }
        if (!store.categories().delete(category.id())) {
            throw AdminException.notFound("category '" + request.param("category") + "' not found");
        }
        AdminAudit.changed("category deleted", "'" + category.name() + "' (id " + category.id() + ")");
        return AdminResponse.noContent();
    }

    private static CategorySettings settings(JsonBody body, CategorySettings base) {
        CategorySettings s = base;
        if (body.has("name")) {
            s = s.withName(body.text("name"));
        }
        s = s.withDescription(body.optText("description").orElse(s.description()));
        s = s.withInvitations(body.optBool("invitations").orElse(s.invitations()));
        s = s.withFileUpload(body.optBool("fileUpload").orElse(s.fileUpload()));
        return s.withLogged(body.optBool("logged").orElse(s.logged()));
    }

    /** The principal lists a body gives, validated before anything is written. */
    private record Lists(Optional<List<String>> allowed, Optional<List<String>> denied, Optional<List<String>> creators) {

        void apply(ChatStore store, Category category) {
            replace(store, category, CategoryPrincipalKind.ALLOWED, allowed);
            replace(store, category, CategoryPrincipalKind.DENIED, denied);
            replace(store, category, CategoryPrincipalKind.CREATOR, creators);
        }

        private static void replace(ChatStore store, Category category, CategoryPrincipalKind kind,
                Optional<List<String>> wanted) {
            if (wanted.isEmpty()) {
                return;
            }
            Set<String> now = new HashSet<>(category.principals(kind));
            for (String p : wanted.get()) {
                if (!now.remove(p)) {
                    store.categories().addPrincipal(category.id(), kind, p);
                }
            }
            for (String p : now) {
                store.categories().removePrincipal(category.id(), kind, p);
            }
        }
    }

    private static Lists lists(JsonBody body) {
        return new Lists(body.optList("allowed").map(l -> AdminJson.principals("allowed", l)),
                body.optList("denied").map(l -> AdminJson.principals("denied", l)),
                body.optList("creators").map(l -> AdminJson.principals("creators", l)));
    }

    private ObjectNode form(Category category) {
        return AdminJson.category(category, context.domain());
    }
}
