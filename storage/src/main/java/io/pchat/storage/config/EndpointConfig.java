package io.pchat.storage.config;

import java.util.Objects;

/**
 * How to reach one database endpoint. Immutable; {@link #toString()} masks the password so the
 * effective configuration can be logged.
 *
 * @param url         JDBC URL ({@code jdbc:h2:...}, {@code jdbc:postgresql:...}, {@code jdbc:sqlserver:...})
 * @param user        user name, may be empty
 * @param password    password, may be empty; never logged
 * @param maxPoolSize connections in this endpoint's pool
 */
public record EndpointConfig(String url, String user, String password, int maxPoolSize) {

    public static final int DEFAULT_MAX_POOL_SIZE = StorageSettings.maxPoolSize("primary").defaultInt();

    public EndpointConfig {
        Objects.requireNonNull(url, "url");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    public static EndpointConfig of(String url) {
        return new EndpointConfig(url, "", "", DEFAULT_MAX_POOL_SIZE);
    }

    public EndpointConfig withCredentials(String user, String password) {
        return new EndpointConfig(url, user, password, maxPoolSize);
    }

    public EndpointConfig withMaxPoolSize(int size) {
        return new EndpointConfig(url, user, password, size);
    }

    @Override
    public String toString() {
        return "{url=" + StorageConfig.maskUrl(url) + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "******")
                + ", maxPoolSize=" + maxPoolSize + "}";
    }
}
