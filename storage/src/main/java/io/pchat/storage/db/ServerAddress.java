package io.pchat.storage.db;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP address of the database server a JDBC URL names, for a plain "is anything listening"
 * probe: {@code jdbc:h2:tcp://host[:port]/...} (9092), {@code jdbc:postgresql://host[:port]/...}
 * (5432), {@code jdbc:sqlserver://host[:port];...} (1433). Empty for an embedded database (no
 * server), several hosts, or a SQL Server named instance without a port (its port is looked up).
 */
final class ServerAddress {
    private static final Pattern H2 = Pattern.compile("jdbc:h2:(?:tcp|ssl)://([^/:]+)(?::(\\d+))?/.*");
    private static final Pattern POSTGRESQL = Pattern.compile("jdbc:postgresql://([^/:,?]+)(?::(\\d+))?(?:/.*|\\?.*)?");
    private static final Pattern SQLSERVER = Pattern.compile("jdbc:sqlserver://([^;:\\\\]+)(\\\\[^;:]+)?(?::(\\d+))?(?:;.*)?");

    private ServerAddress() {
    }

    static Optional<InetSocketAddress> of(String jdbcUrl) {
        String url = jdbcUrl.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        Matcher h2 = H2.matcher(lower);
        if (h2.matches()) {
            return address(host(url, h2), h2.group(2), 9092);
        }
        Matcher postgresql = POSTGRESQL.matcher(lower);
        if (postgresql.matches()) {
            return address(host(url, postgresql), postgresql.group(2), 5432);
        }
        Matcher sqlserver = SQLSERVER.matcher(lower);
        if (sqlserver.matches()) {
            if (sqlserver.group(2) != null && sqlserver.group(3) == null) {
                return Optional.empty(); // a named instance: the browser service says its port
            }
            return address(host(url, sqlserver), sqlserver.group(3), 1433);
        }
        return Optional.empty();
    }

    /** The host as written (the match ran on the lower-cased URL). */
    private static String host(String url, Matcher m) {
        return url.substring(m.start(1), m.end(1));
    }

    private static Optional<InetSocketAddress> address(String host, String port, int defaultPort) {
        return Optional.of(InetSocketAddress.createUnresolved(host, port == null ? defaultPort : Integer.parseInt(port)));
    }
}
