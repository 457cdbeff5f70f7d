package io.pchat.client;

import io.pchat.protocol.xccos.Chanib;
import io.pchat.protocol.xccos.Info;
import io.pchat.protocol.xccos.Prop;

import java.util.Locale;
import java.util.Objects;

/**
 * A room as search, associations and invitations list it (the summary form of docs/xccos.md
 * section 5).
 *
 * <p>Invariants: {@code uri} is present; {@code privacy} is the section 6 word ({@code open},
 * {@code closed}, {@code secret}) for the three known visibility values and the wire value
 * otherwise, empty when absent; {@code users} is -1 when the node gave no count. Other strings
 * may be null.
 */
public record RoomSummary(String uri, String name, String description, String category, String privacy,
        int users, boolean filePost, boolean invitations, boolean logged) {

    public RoomSummary {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(privacy, "privacy");
    }

    /** Reads a summary-form chanib; missing facts get the defaults above. */
    public static RoomSummary of(Chanib chanib) {
        return new RoomSummary(chanib.uri(), chanib.name(), chanib.description(), chanib.category(),
                privacy(chanib.info(Info.VISIBILITY).orElse("")),
                chanib.info(Info.UCNT).map(RoomSummary::count).orElse(-1),
                isTrue(chanib, Prop.FILEPOST), isTrue(chanib, Prop.INVITE), isTrue(chanib, Prop.LOGGED));
    }

    private static String privacy(String visibility) {
        switch (visibility.strip().toLowerCase(Locale.ROOT)) {
            case Info.VISIBILITY_PUBLIC:
                return "open";
            case Info.VISIBILITY_SCOPE:
                return "closed";
            case Info.VISIBILITY_PRIVATE:
                return "secret";
            default:
                return visibility.strip();
        }
    }

    private static int count(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isTrue(Chanib chanib, String prop) {
        return chanib.prop(prop).map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
    }
}
