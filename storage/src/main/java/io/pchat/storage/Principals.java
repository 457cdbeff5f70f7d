package io.pchat.storage;

import java.util.Collection;
import java.util.Locale;

/**
 * The two forms a principal takes in the store, always lower-cased: a user URI
 * ({@code sip:alice@example.com}) or a whole domain ({@code @example.com}). Every principal that
 * enters the store passes through {@link #normalise}, so comparisons are plain string equality.
 */
public final class Principals {
    private Principals() {
    }

    /** The stored form of a user or domain principal; refuses anything else. */
    public static String normalise(String principal) {
        String p = principal == null ? "" : principal.trim().toLowerCase(Locale.ROOT);
        if (isDomain(p) || isUser(p)) {
            return p;
        }
        throw new IllegalArgumentException("not a user URI (sip:user@domain) or a domain (@domain): '" + principal + "'");
    }

    /** The stored form of a user URI; refuses domains and anything else. */
    public static String user(String uri) {
        String p = uri == null ? "" : uri.trim().toLowerCase(Locale.ROOT);
        if (!isUser(p)) {
            throw new IllegalArgumentException("not a user URI (sip:user@domain): '" + uri + "'");
        }
        return p;
    }

    /** {@code @example.com} for {@code sip:alice@example.com} (the user must be normalised). */
    public static String domainOf(String user) {
        return user.substring(user.lastIndexOf('@'));
    }

    /** Whether {@code user} is one of {@code principals}, by name or by its whole domain. */
    public static boolean includes(Collection<String> principals, String user) {
        return principals.contains(user) || principals.contains(domainOf(user));
    }

    public static boolean isDomain(String p) {
        return p.length() > 1 && p.charAt(0) == '@' && p.indexOf('@', 1) < 0 && noSpace(p);
    }

    private static boolean isUser(String p) {
        int at = p.lastIndexOf('@');
        return p.startsWith("sip:") && at > 4 && at < p.length() - 1 && noSpace(p);
    }

    private static boolean noSpace(String p) {
        for (int i = 0; i < p.length(); i++) {
            if (Character.isWhitespace(p.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
