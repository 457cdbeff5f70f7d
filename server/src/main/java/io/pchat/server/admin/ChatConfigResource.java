package io.pchat.server.admin;

import java.io.IOException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pchat.server.node.NodeConfig.ChatLimits;

/**
 * {@code /config/chat}: the persistent chat configuration (Get-/Set-CsPersistentChatConfiguration):
 * defaultChatHistory, message and story size limits, search limit, participantUpdateLimit, file
 * size and file token lifetime. The command layer takes them at start, so a change is saved
 * ({@link ChatLimitsFile}) and applies at the next start; the answer says so and shows both the
 * running and the saved values.
 */
final class ChatConfigResource {
    static final String APPLIES = "next start";

    private final AdminContext context;

    ChatConfigResource(AdminContext context) {
        this.context = context;
    }

    void register(AdminRoutes routes) {
        routes.add("GET", "/config/chat", r -> AdminResponse.ok(form()))
                .add("PATCH", "/config/chat", this::update)
                .add("PUT", "/config/chat", this::update);
    }

    private AdminResponse update(AdminRequest request) throws IOException {
        JsonBody body = request.json().allowOnly(ChatLimitsFile.FIELDS);
        ChatLimits saved = saved();
        ChatLimits next = ChatLimitsFile.merge(body, saved);
        ChatLimitsFile.write(context.dataDirectory(), next);
        AdminAudit.changed("chat configuration saved", ChatLimitsFile.json(next) + " (applies at the next start)");
        return AdminResponse.ok(form());
    }

    private ChatLimits saved() throws IOException {
        return ChatLimitsFile.read(context.dataDirectory()).orElse(context.chatLimits());
    }

    private ObjectNode form() throws IOException {
        ChatLimits saved = saved();
        ObjectNode form = AdminJson.object();
        form.set("running", ChatLimitsFile.json(context.chatLimits()));
        form.set("saved", ChatLimitsFile.json(saved));
        return form.put("restartRequired", !saved.equals(context.chatLimits())).put("appliesAt", APPLIES);
    }
}
