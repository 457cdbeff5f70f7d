package io.pchat.server.admin;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pchat.storage.ChatStore;
import io.pchat.storage.Principals;
import io.pchat.storage.user.User;

/**
 * {@code /users}: the user directory. Add a user (optionally with a password), enable or disable
 * them for persistent chat, set their password (stored as HA1 for the node's realm, never kept
 * or logged), list them in pages. A disabled user's next session is refused after its first
 * command; sessions already open are not ended.
 */
final class UserResource {
    static final int DEFAULT_PAGE = 1000;
    static final int MAX_PAGE = 10_000;

    private final AdminContext context;
    private final ChatStore store;

    UserResource(AdminContext context) {
        this.context = context;
        this.store = context.store();
    }

    void register(AdminRoutes routes) {
        routes.add("GET", "/users", this::list)
                .add("POST", "/users", this::add)
                .add("GET", "/users/{user}", r -> AdminResponse.ok(AdminJson.user(find(r.param("user")))))
                .add("PATCH", "/users/{user}", this::update)
                .add("DELETE", "/users/{user}", this::delete);
    }

    private AdminResponse list(AdminRequest request) {
        int limit = (int) request.number("limit", DEFAULT_PAGE, 1, MAX_PAGE);
        List<User> users = store.users().list(request.query("after").orElse(""), limit);
        List<ObjectNode> forms = users.stream().map(AdminJson::user).toList();
        ObjectNode page = AdminJson.object().set("users", AdminJson.array(forms));
        if (users.size() == limit) {
            page.put("next", users.get(users.size() - 1).uri());
        }
        return AdminResponse.ok(page);
    }

    private AdminResponse add(AdminRequest request) {
        JsonBody body = request.json().allowOnly("uri", "displayName", "enabled", "password");
        String uri = uri(body.text("uri"));
        String password = body.optText("password").orElse(null);
        if (password != null && password.isEmpty()) {
            throw AdminException.badRequest("'password' is empty: an empty password is refused (leave 'password' out to"
                    + " add the user without one)");
        }
        User user = store.users().add(uri, body.optText("displayName").orElse(""), body.optBool("enabled").orElse(true));
        if (password != null) {
            store.users().setPassword(uri, context.digestRealm(), password);
        }
        AdminAudit.changed("user added", user.uri() + (user.enabled() ? " (enabled" : " (disabled")
                + (password != null ? ", password set)" : ")"));
        return AdminResponse.created(AdminJson.user(store.users().get(uri).orElse(user)));
    }

    private AdminResponse update(AdminRequest request) {
        JsonBody body = request.json().allowOnly("displayName", "enabled", "password");
        String uri = uri(request.param("user"));
        if (store.users().get(uri).isEmpty() && body.optBool("enabled").filter(e -> !e).isPresent()) {
            // a user who chats without having been added is not in the directory: disabling them adds them, disabled
            User added = store.users().add(uri, body.optText("displayName").orElse(""), false);
            AdminAudit.changed("user added disabled", added.uri());
        }
        User user = find(uri);
        body.optText("displayName").ifPresent(name -> {
            store.users().setDisplayName(user.uri(), name);
            AdminAudit.changed("user display name set", user.uri());
        });
        body.optBool("enabled").ifPresent(enabled -> {
            store.users().setEnabled(user.uri(), enabled);
            AdminAudit.changed(enabled ? "user enabled" : "user disabled", user.uri());
        });
        body.optText("password").ifPresent(password -> {
            if (password.isEmpty()) {
                store.users().clearPassword(user.uri());
                AdminAudit.changed("user password cleared", user.uri());
            } else {
                store.users().setPassword(user.uri(), context.digestRealm(), password);
                AdminAudit.changed("user password set", user.uri());
            }
        });
        return AdminResponse.ok(AdminJson.user(find(user.uri())));
    }

    private AdminResponse delete(AdminRequest request) {
        String uri = uri(request.param("user"));
        if (!store.users().delete(uri)) {
            throw AdminException.notFound("user '" + uri + "' not found");
        }
        AdminAudit.changed("user removed", uri);
        return AdminResponse.noContent();
    }

    private User find(String uri) {
        return store.users().get(uri(uri)).orElseThrow(() -> AdminException.notFound("user '" + uri + "' is not in the"
                + " user directory (a user who only chats is not): add them with 'pchat admin user add " + uri + "'"));
    }

    private static String uri(String value) {
        try {
            return Principals.user(value);
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest(e.getMessage());
        }
    }
}
