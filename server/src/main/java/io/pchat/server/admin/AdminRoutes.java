package io.pchat.server.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin API's routing table: method + path template ({@code /rooms/{room}/purge}) to a
 * handler, matched in the order added. A path no route matches is 404; a path some route matches
 * with another method is 405 (with the allowed methods).
 */
final class AdminRoutes {

    /** Handles one call; runs on a storage thread, may block. */
    @FunctionalInterface
    interface Handler {
        AdminResponse handle(AdminRequest request) throws Exception;
    }

    record Route(String method, String template, Pattern pattern, List<String> names, Handler handler) {
    }

    record Match(Route route, Map<String, String> params) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");
    private final List<Route> routes = new ArrayList<>();

    AdminRoutes add(String method, String template, Handler handler) {
        Matcher m = PLACEHOLDER.matcher(template);
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(method, template, Pattern.compile(regex.toString()), List.copyOf(names), handler));
        return this;
    }

    Match match(String method, String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Matcher m = route.pattern().matcher(p);
            if (!m.matches()) {
                continue;
            }
            if (!route.method().equals(method)) {
                allowed.add(route.method());
                continue;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < route.names().size(); i++) {
                params.put(route.names().get(i), decodeSegment(m.group(i + 1)));
            }
            return new Match(route, params);
        }
        if (!allowed.isEmpty()) {
            throw new AdminException(405, method + " is not allowed on " + p + "; use " + String.join(", ", allowed));
        }
        throw AdminException.notFound("no such path: " + p);
    }

    /** Percent-decoding of a path segment; unlike a query, '+' stays a plus ("C++"). */
    static String decodeSegment(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, "the path segment '" + segment + "' has a broken % escape (a % must be"
                    + " followed by two hex digits; write a literal % as %25)");
        }
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }
}
