package io.pchat.server.admin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pchat.storage.ChatStore;
import io.pchat.storage.Principals;
import io.pchat.storage.room.AccessDecision;
import io.pchat.storage.room.Category;
import io.pchat.storage.room.Room;
import io.pchat.storage.room.RoomRole;
import io.pchat.storage.room.RoomRoles;

/**
 * The room management site's calls, made by a signed-in user ({@link AdminRequest#actor()}), under
 * the room rules the XCCOS commands apply: {@code GET /my} (the categories where the user may
 * create rooms and the rooms they manage), {@code POST /my/rooms} (in a category where they are a
 * creator; they become a manager), {@code GET|PATCH /my/rooms/{room}} and
 * {@code PATCH /my/rooms/{room}/roles} (rooms they manage). The changes themselves are
 * {@link RoomResource}'s, audited with the user's URI.
 *
 * <p>Invariants: a user never changes a room they do not manage, never creates or moves one into
 * a category where they are not a creator, never leaves a room without a manager, and never
 * changes the settings that are the administrator's (chat history logging, file upload). A room
 * they cannot see is "not found", as it is to their client.
 */
final class ManagedRooms {
    private static final String[] FIELDS = {"name", "category", "description", "topic", "privacy", "type", "disabled",
        "addin", "invitations", "members", "managers", "presenters"};
    private static final Set<String> ADMIN_ONLY = Set.of("logged", "fileUpload");

    private final ChatStore store;
    private final Lookups lookups;
    private final RoomResource rooms;
    private final String domain;

    ManagedRooms(AdminContext context, Lookups lookups) {
        this.store = context.store();
        this.lookups = lookups;
        this.rooms = new RoomResource(context, lookups);
        this.domain = context.domain();
    }

    void register(AdminRoutes routes) {
        routes.add("GET", "/my", this::overview)
                .add("POST", "/my/rooms", this::create)
                .add("GET", "/my/rooms/{room}", r -> AdminResponse.ok(rooms.detail(managed(r))))
                .add("PATCH", "/my/rooms/{room}", this::update)
                .add("PATCH", "/my/rooms/{room}/roles", this::changeRoles);
    }

    private AdminResponse overview(AdminRequest request) {
        String user = request.actor();
        ObjectNode json = AdminJson.object().put("user", user);
        ArrayNode categories = json.putArray("categories");
        for (Category c : store.access().categoriesWhereCanCreate(user)) {
            categories.add(AdminJson.category(c, domain));
        }
        List<ObjectNode> managed = new ArrayList<>();
        for (Room room : store.rooms().associations(user, RoomRole.MANAGER)) {
            if (store.access().canManage(user, room.id())) {
                managed.add(AdminJson.room(room, lookups.categoryName(room.categoryId()), domain));
            }
        }
        json.set("rooms", AdminJson.array(managed));
        return AdminResponse.ok(json);
    }

    private AdminResponse create(AdminRequest request) {
        String user = request.actor();
        JsonBody body = checked(request);
        Category category = body.optText("category").map(lookups::category).orElseGet(lookups::rootCategory);
        mayCreateIn(user, category);
        return rooms.create(body, user, Principals.user(user));
    }

    private AdminResponse update(AdminRequest request) {
        String user = request.actor();
        Room room = managed(request);
        JsonBody body = checked(request);
        if (body.has("category")) {
            mayCreateIn(user, lookups.category(body.text("category")));
        }
        body.optList("managers").ifPresent(m -> requireManager(AdminJson.principals("managers", m).isEmpty()));
        return rooms.update(room, body, user);
    }

    private AdminResponse changeRoles(AdminRequest request) {
        String user = request.actor();
        Room room = managed(request);
        JsonBody body = request.json().allowOnly("add", "remove");
        Set<String> managers = new HashSet<>(store.rooms().roles(room.id()).managers());
        body.optObject("add").flatMap(a -> a.optList("managers"))
                .ifPresent(m -> managers.addAll(AdminJson.principals("add.managers", m)));
        body.optObject("remove").flatMap(r -> r.optList("managers"))
                .ifPresent(m -> managers.removeAll(AdminJson.principals("remove.managers", m)));
        // removing a member removes their manager role too (managers are always members)
        body.optObject("remove").flatMap(r -> r.optList("members"))
                .ifPresent(m -> managers.removeAll(AdminJson.principals("remove.members", m)));
        requireManager(managers.isEmpty());
        return rooms.changeRoles(room, body, user);
    }

    /** The room of the call, when the user manages it: 404 when they cannot see it, 403 when they do not manage it. */
    private Room managed(AdminRequest request) {
        String user = request.actor();
        Room room = lookups.room(request.param("room"));
        AccessDecision access = store.access().decide(user, room.id());
        if (!access.see()) {
            throw AdminException.notFound("room '" + request.param("room") + "' not found");
        }
        if (!access.manage()) {
            RoomRoles roles = store.rooms().roles(room.id());
            throw new AdminException(403, "you do not manage the room '" + room.name() + "' (" + (roles.managers().isEmpty()
                    ? "it has no manager: ask an administrator)" : "ask one of its " + roles.managers().size()
                    + " manager(s), or an administrator)"));
        }
        return room;
    }

    private void mayCreateIn(String user, Category category) {
        if (!store.access().canCreateRoomIn(user, category.id())) {
            throw new AdminException(403, "you may not create rooms in the category '" + category.name()
                    + "' (only its creators may: ask an administrator to add you to them)");
        }
    }

    private static JsonBody checked(AdminRequest request) {
        JsonBody body = request.json();
        for (String field : ADMIN_ONLY) {
            if (body.has(field)) {
                throw new AdminException(403, "'" + field + "' is set by an administrator, not by a room's managers");
            }
        }
        return body.allowOnly(FIELDS);
    }

    private static void requireManager(boolean none) {
        if (none) {
            throw AdminException.badRequest("managers: a room needs at least one manager");
        }
    }
}
