package io.pchat.storage.db;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pchat.storage.config.InvalidConfigurationException;

/**
 * Builds the SQL Server connection for a mirrored primary: the mirror endpoint becomes the
 * driver's {@code failoverPartner}, so the driver itself reconnects to the mirror after a
 * mirroring failover (external replication). The driver takes the partner as
 * {@code host[\instance]} only: it cannot be given a port, and it needs {@code databaseName}.
 */
public final class SqlServerUrls {
    private static final Pattern SERVER = Pattern.compile(
            "(?i)^jdbc:sqlserver://([^;:\\\\]*)(\\\\[^;:]+)?(?::(\\d+))?(;.*)?$");

    private SqlServerUrls() {
    }

    /** The {@code failoverPartner} value naming the mirror's server, from the mirror's JDBC URL. */
    public static String failoverPartner(String mirrorUrl) {
        Matcher m = SERVER.matcher(mirrorUrl.trim());
        if (!m.matches()) {
            throw new InvalidConfigurationException("storage.mirror.url", "is not a SQL Server JDBC URL");
        }
        String host = m.group(1);
        String instance = m.group(2);
        if (host.isEmpty()) {
            host = property(mirrorUrl, "serverName");
        }
        if (host == null || host.isEmpty()) {
            throw new InvalidConfigurationException("storage.mirror.url", "names no server");
        }
        if (instance == null) {
            String named = property(mirrorUrl, "instanceName");
            instance = named == null ? "" : "\\" + named;
        }
        return host + instance;
    }

    /**
     * The primary's URL with {@code failoverPartner} set to the mirror (an explicit
     * {@code failoverPartner} in the primary URL is kept as the operator wrote it).
     */
    public static String primaryWithMirror(String primaryUrl, String mirrorUrl) {
        if (property(primaryUrl, "databaseName") == null && property(primaryUrl, "database") == null) {
            throw new InvalidConfigurationException("storage.primary.url",
                    "must name the database (;databaseName=...) when a SQL Server mirror is configured");
        }
        if (property(primaryUrl, "failoverPartner") != null) {
            return primaryUrl;
        }
        String base = primaryUrl.endsWith(";") ? primaryUrl : primaryUrl + ";";
        return base + "failoverPartner=" + failoverPartner(mirrorUrl);
    }

    /** The value of a {@code ;key=value} property of a SQL Server URL (key case-insensitive). */
    static String property(String url, String key) {
        String lowerKey = key.toLowerCase(Locale.ROOT) + "=";
        for (String part : url.split(";")) {
            String trimmed = part.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith(lowerKey)) {
                return trimmed.substring(lowerKey.length());
            }
        }
        return null;
    }
}
