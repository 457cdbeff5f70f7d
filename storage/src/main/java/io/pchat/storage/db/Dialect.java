package io.pchat.storage.db;

import java.util.Locale;
import java.util.Optional;

/**
 * The databases pchat runs on. Statements are written once in the SQL that all three accept
 * (standard {@code OFFSET .. FETCH NEXT}, {@code INSERT .. SELECT .. WHERE NOT EXISTS}); only the
 * schema's column types differ, one migration set per dialect.
 */
public enum Dialect {
    H2("jdbc:h2:", "h2"),
    POSTGRESQL("jdbc:postgresql:", "postgresql"),
    SQLSERVER("jdbc:sqlserver:", "sqlserver");

    private final String urlPrefix;
    private final String migrationFolder;

    Dialect(String urlPrefix, String migrationFolder) {
        this.urlPrefix = urlPrefix;
        this.migrationFolder = migrationFolder;
    }

    public static Optional<Dialect> fromJdbcUrl(String url) {
        String lower = url.trim().toLowerCase(Locale.ROOT);
        for (Dialect d : values()) {
            if (lower.startsWith(d.urlPrefix)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * The Flyway location of this dialect's migrations. An H2 URL in {@code MODE=MSSQLServer}
     * runs the SQL Server set: that is how the SQL Server schema is checked where no SQL Server
     * can run.
     */
    public String migrationLocation() {
        return "classpath:db/migration/" + migrationFolder;
    }

    /** The dialect whose schema an URL gets: H2 in MSSQLServer mode takes SQL Server's. */
    public static Dialect schemaFor(String url) {
        Dialect d = fromJdbcUrl(url).orElseThrow(() -> new IllegalArgumentException("not a supported JDBC URL"));
        if (d == H2 && url.toLowerCase(Locale.ROOT).contains(";mode=mssqlserver")) {
            return SQLSERVER;
        }
        return d;
    }
}
