package io.pchat.server.sip;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The method table of the SIP layer: which handler serves which method. A new method (REGISTER,
 * SUBSCRIBE...) is one more {@link Builder#on} line. The {@code Allow} header lists exactly the
 * methods in the table.
 *
 * <p>Invariant: immutable after {@link Builder#build()}; method names are upper-case. A method not
 * in the table is answered 405 if it is a method SIP defines (with Allow) and 501 otherwise.
 */
final class RequestHandlers {

    /** Methods of RFC 3261 and its extensions that a node knows of even when it does not serve them. */
    private static final Set<String> KNOWN_METHODS = Set.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER",
            "INFO", "UPDATE", "PRACK", "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE", "PUBLISH");

    private final Map<String, RequestHandler> byMethod;
    private final List<String> allow;
    private final InfoHandler postPath;

    private RequestHandlers(Map<String, RequestHandler> byMethod) {
        this.byMethod = Map.copyOf(byMethod);
        this.allow = List.copyOf(byMethod.keySet());
        this.postPath = byMethod.get("INFO") instanceof InfoHandler info ? info : null;
    }

    /** The INFO handler when it is the chat dialog's own (it has the post path), else null. */
    InfoHandler postPath() {
        return postPath;
    }

    /** The handlers of the chat dialog: INVITE, ACK, INFO, UPDATE, BYE, CANCEL, OPTIONS. */
    static RequestHandlers chatDialog() {
        return chatDialogBuilder().build();
    }

    /** The chat dialog's handlers plus the built-in front end's REGISTER and SUBSCRIBE (docs/sipe.md). */
    static RequestHandlers withFrontEnd(Registrations registrations) {
        return chatDialogBuilder()
                .on("REGISTER", new RegisterHandler(registrations))
                .on("SUBSCRIBE", new SubscribeHandler(registrations))
                .build();
    }

    private static Builder chatDialogBuilder() {
        return builder()
                .on("INVITE", new InviteHandler())
                .on("ACK", new AckHandler())
                .on("INFO", new InfoHandler())
                .on("UPDATE", new SessionRefreshHandler())
                .on("BYE", new ByeHandler())
                .on("CANCEL", new CancelHandler())
                .on("OPTIONS", new OptionsHandler());
    }

    static Builder builder() {
        return new Builder();
    }

    /** The handler of {@code method}, or null. */
    RequestHandler get(String method) {
        return byMethod.get(method.toUpperCase(Locale.ROOT));
    }

    /** The methods served, in registration order, for the {@code Allow} header. */
    List<String> allow() {
        return allow;
    }

    /** Whether an unserved method is one SIP defines (405) rather than an unknown one (501). */
    static boolean isKnown(String method) {
        return KNOWN_METHODS.contains(method.toUpperCase(Locale.ROOT));
    }

    static final class Builder {
        private final Map<String, RequestHandler> byMethod = new LinkedHashMap<>();

        Builder on(String method, RequestHandler handler) {
            byMethod.put(method.toUpperCase(Locale.ROOT), handler);
            return this;
        }

        RequestHandlers build() {
            return new RequestHandlers(byMethod);
        }
    }
}
