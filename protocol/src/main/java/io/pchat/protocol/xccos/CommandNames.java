package io.pchat.protocol.xccos;

import java.util.Locale;
import java.util.Set;

/**
 * The names of the commands of docs/xccos.md, without their {@code cmd:} prefix, and the
 * rule that names the reply to each. Names are compared case-insensitively: {@link #normalize}
 * gives the lower-case form the model stores.
 */
public final class CommandNames {

    public static final String CMD_PREFIX = "cmd:";
    public static final String RPL_PREFIX = "rpl:";

    public static final String REQURI = "requri";
    public static final String GETSERVERINFO = "getserverinfo";
    public static final String GETASSOCIATIONS = "getassociations";
    public static final String BJOIN = "bjoin";
    public static final String JOIN = "join";
    public static final String PART = "part";
    public static final String BCCONTEXT = "bccontext";
    public static final String CHANSRCH = "chansrch";
    /** Ours: search in a room's chat history. */
    public static final String CHATSRCH = "chatsrch";
    public static final String GETINV = "getinv";
    public static final String GETPREF = "getpref";
    public static final String SETPREF = "setpref";
    public static final String NODESPERMCREATECHILD = "nodespermcreatechild";
    /** Token for a file upload; answered by {@link #GETFTOK}. */
    public static final String GETFUTOK = "getfutok";
    /** Token for a file download; answered by {@link #GETFTOK}. */
    public static final String GETFDTOK = "getfdtok";

    /** The reply name shared by {@link #GETFUTOK} and {@link #GETFDTOK}. */
    public static final String GETFTOK = "getftok";
    /** A spelling of the {@link #GETSERVERINFO} reply that some clients use; accepted on input. */
    public static final String GETSERVINFO = "getservinfo";

    private static final Set<String> COMMANDS = Set.of(REQURI, GETSERVERINFO, GETASSOCIATIONS, BJOIN,
            JOIN, PART, BCCONTEXT, CHANSRCH, CHATSRCH, GETINV, GETPREF, SETPREF, NODESPERMCREATECHILD,
            GETFUTOK, GETFDTOK);

    private CommandNames() {
    }

    /** The form names are stored and compared in: lower case. */
    public static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Checks and normalises the name of a command, reply or notice: not empty, no prefix (no
     * colon), no whitespace or control characters; returned in lower case.
     */
    static String requireName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " name is missing");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ':' || c <= ' ' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " name must be a bare name without prefix: "
                        + Texts.quote(name));
            }
        }
        return normalize(name);
    }

    /** Whether the node implements a command of this name (otherwise it answers 501). */
    public static boolean isKnownCommand(String command) {
        return COMMANDS.contains(normalize(command));
    }

    /**
     * The name of the reply to a command: the command's own name, except that the two file token
     * commands are both answered by {@code getftok}. Unknown commands are answered under their
     * own name too.
     */
    public static String replyName(String command) {
        String name = normalize(command);
        return name.equals(GETFUTOK) || name.equals(GETFDTOK) ? GETFTOK : name;
    }

    /**
     * The reply name as the model stores it: lower case, with {@code getservinfo} read as
     * {@code getserverinfo} so that a reader need not know both spellings.
     */
    public static String canonicalReplyName(String reply) {
        String name = normalize(reply);
        return name.equals(GETSERVINFO) ? GETSERVERINFO : name;
    }
}
