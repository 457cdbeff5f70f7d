package io.pchat.server.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pchat.storage.ChatStore;
import io.pchat.storage.room.Category;
import io.pchat.storage.room.Inheritable;
import io.pchat.storage.room.Privacy;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomRole;
import io.pchat.storage.room.RoomSpec;
import io.pchat.storage.room.RoomType;

/**
 * {@code /rooms}: list, create, show, update (disable and enable too), delete rooms, and change
 * their roles (New-, Set-, Get-, Remove-CsPersistentChatChatRoom). A room is addressed by id,
 * {@code ma-chan://} URI or name (case-insensitive). After every change the command layer is told
 * ({@code ntc:roomchanged} to joined users, access re-decided) and invitations are pushed.
 *
 * <p>Deleting a room disables it first and waits (briefly) until joined dialogs have the new
 * grant, so nothing can be posted to a room that no longer exists.
 */
final class RoomResource {
    private static final String[] FIELDS = {"name", "category", "description", "topic", "privacy", "type", "disabled",
        "addin", "invitations", "fileUpload", "logged", "members", "managers", "presenters"};
    private static final String[] ROLE_LISTS = {"members", "managers", "presenters"};

    private final AdminContext context;
    private final ChatStore store;
    private final Lookups lookups;

    RoomResource(AdminContext context, Lookups lookups) {
        this.context = context;
        this.store = context.store();
        this.lookups = lookups;
    }

    void register(AdminRoutes routes) {
        routes.add("GET", "/rooms", this::list)
                .add("POST", "/rooms", r -> create(r.json().allowOnly(FIELDS), r.actor(), null))
                .add("GET", "/rooms/{room}", r -> AdminResponse.ok(detail(lookups.room(r.param("room")))))
                .add("PATCH", "/rooms/{room}", r -> update(lookups.room(r.param("room")), r.json().allowOnly(FIELDS), r.actor()))
                .add("PUT", "/rooms/{room}", r -> update(lookups.room(r.param("room")), r.json().allowOnly(FIELDS), r.actor()))
                .add("DELETE", "/rooms/{room}", this::delete)
                .add("PATCH", "/rooms/{room}/roles", r -> changeRoles(lookups.room(r.param("room")), r.json(), r.actor()));
    }

    private AdminResponse list(AdminRequest request) {
        List<Category> categories = request.query("category").map(c -> List.of(lookups.category(c)))
                .orElseGet(() -> store.categories().list());
        List<ObjectNode> rooms = new ArrayList<>();
        for (Category category : categories) {
            for (Room room : store.rooms().inCategory(category.id())) {
                rooms.add(AdminJson.room(room, category.name(), context.domain())
                        .put("joinedHere", context.chat().liveRooms().userCount(room.id())));
            }
        }
        return AdminResponse.ok(AdminJson.object().set("rooms", AdminJson.array(rooms)));
    }

    /**
     * Creates a room from a checked body; {@code creator}, when not null, is made one of its
     * managers (a user creating a room in the console manages it).
     */
    AdminResponse create(JsonBody body, String actor, String creator) {
        Category category = body.optText("category").map(lookups::category).orElseGet(lookups::rootCategory);
        RoomSpec spec = spec(body, RoomSpec.named(body.text("name"), category.id()));
        List<String> managers = new ArrayList<>(principals(body, "managers").orElse(List.of()));
        if (creator != null && !managers.contains(creator)) {
            managers.add(creator);
        }
        Optional<List<String>> members = principals(body, "members");
        Optional<List<String>> presenters = principals(body, "presenters");
        Room room = store.rooms().create(spec, managers);
        RoomRoleChanges roles = new RoomRoleChanges(store, context.chat(), inviter(actor));
        members.ifPresent(m -> roles.add(room.id(), RoomRole.MEMBER, m));
        presenters.ifPresent(p -> roles.add(room.id(), RoomRole.PRESENTER, p));
        roles.announce();
        AdminAudit.changedBy(actor, "room created", describe(room) + " in category '" + category.name() + "'");
        return AdminResponse.created(detail(room));
    }

    /** Updates a room from a checked body. */
    AdminResponse update(Room room, JsonBody body, String actor) {
        RoomSpec spec = spec(body, room.spec());
        if (body.has("category")) {
            spec = spec.withCategory(lookups.category(body.text("category")).id());
        }
        RoomRoleChanges roles = new RoomRoleChanges(store, context.chat(), inviter(actor));
        Optional<List<String>> members = principals(body, "members");
        Optional<List<String>> managers = principals(body, "managers");
        Optional<List<String>> presenters = principals(body, "presenters");
        Room updated = spec.equals(room.spec()) ? room : store.rooms().update(room.id(), spec);
        roles.replace(room.id(), members, managers, presenters).announce();
        context.chat().roomChanged(room.id());
        AdminAudit.changedBy(actor, what(room, updated), describe(updated));
        return AdminResponse.ok(detail(updated));
    }

    private static String what(Room before, Room after) {
        if (!before.disabled() && after.disabled()) {
            return "room disabled";
        }
        return before.disabled() && !after.disabled() ? "room enabled" : "room updated";
    }

    private AdminResponse delete(AdminRequest request) throws InterruptedException {
        Room room = lookups.room(request.param("room"));
        if (!room.disabled()) {
            store.rooms().update(room.id(), room.spec().withDisabled(true));
            try {
                context.chat().roomChanged(room.id()).get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the room goes anyway; joined dialogs may keep their grant until they leave
            }
        }
        if (!store.rooms().delete(room.id())) {
            throw AdminException.notFound("room '" + request.param("room") + "' not found");
        }
        AdminAudit.changed("room deleted", describe(room));
        return AdminResponse.noContent();
    }

    /** {@code {"add": {"members": [..], "managers": [..], "presenters": [..]}, "remove": {...}}}. */
    AdminResponse changeRoles(Room room, JsonBody request, String actor) {
        JsonBody body = request.allowOnly("add", "remove");
        JsonBody add = body.optObject("add").map(b -> b.allowOnly(ROLE_LISTS)).orElse(null);
        JsonBody remove = body.optObject("remove").map(b -> b.allowOnly(ROLE_LISTS)).orElse(null);
        if (add == null && remove == null) {
            throw AdminException.badRequest("field 'add' or 'remove' is required");
        }
        RoomRoleChanges roles = new RoomRoleChanges(store, context.chat(), inviter(actor));
        List<Runnable> steps = new ArrayList<>();
        for (RoomRole role : RoomRole.values()) {
            String list = listName(role);
            if (add != null) {
                principals(add, list, "add." + list).ifPresent(p -> steps.add(() -> roles.add(room.id(), role, p)));
            }
            if (remove != null) {
                principals(remove, list, "remove." + list).ifPresent(p -> steps.add(() -> roles.remove(room.id(), role, p)));
            }
        }
        steps.forEach(Runnable::run);
        int changed = roles.announce();
        context.chat().roomChanged(room.id());
        AdminAudit.changedBy(actor, "room roles changed", describe(room) + ": " + changed + " change(s)");
        return AdminResponse.ok(detail(store.rooms().get(room.id()).orElse(room)).put("changed", changed));
    }

    private static String listName(RoomRole role) {
        return AdminJson.lower(role) + "s";
    }

    private static RoomSpec spec(JsonBody body, RoomSpec base) {
        RoomSpec s = base;
        if (body.has("name")) {
            s = s.withName(body.text("name"));
        }
        s = s.withDescription(body.optText("description").orElse(s.description()))
                .withTopic(body.optText("topic").orElse(s.topic()))
                .withPrivacy(body.optEnum("privacy", Privacy.class).orElse(s.privacy()))
                .withType(body.optEnum("type", RoomType.class).orElse(s.type()))
                .withDisabled(body.optBool("disabled").orElse(s.disabled()))
                .withInvitations(body.optEnum("invitations", Inheritable.class).orElse(s.invitations()))
                .withFileUpload(body.optEnum("fileUpload", Inheritable.class).orElse(s.fileUpload()))
                .withLogged(body.optEnum("logged", Inheritable.class).orElse(s.logged()));
        if (body.has("addin")) {
            s = s.withAddinUrl(body.optText("addin"));
        }
        return s;
    }

    private static Optional<List<String>> principals(JsonBody body, String field) {
        return principals(body, field, field);
    }

    private static Optional<List<String>> principals(JsonBody body, String field, String label) {
        return body.optList(field).map(list -> AdminJson.principals(label, list));
    }

    /** Who invitations a change creates come from: the admin's identity, or the user making it. */
    private String inviter(String actor) {
        return AdminAudit.WHO.equals(actor) ? context.adminUri() : actor;
    }

    ObjectNode detail(Room room) {
        return AdminJson.roomDetail(room, lookups.categoryName(room.categoryId()), context.domain(),
                store.rooms().roles(room.id()), store.rooms().effectiveSettings(room),
                context.chat().liveRooms().userCount(room.id()));
    }

    private static String describe(Room room) {
        return "'" + room.name() + "' (id " + room.id() + ")";
    }
}
