package io.pchat.server.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.pchat.server.admin.AdminSettings;
import io.pchat.server.net.HttpLimits;
import io.pchat.server.pool.PoolSettings;
import io.pchat.server.sip.AuthMode;
import io.pchat.server.sip.SessionSettings;
import io.pchat.server.tls.TlsSettings;
import io.pchat.storage.config.InvalidConfigurationException;
import io.pchat.storage.config.StorageConfig;

/**
 * Everything a chat node is started with, validated once: the data directory, the settings of
 * each part, and where the file endpoint listens. Built by {@code pchat node} from its options
 * (and, later, from a configuration file).
 *
 * <p>Invariant: {@code auth: none} only when the SIP listener is bound to a loopback address
 * (otherwise anyone on the network could post as anyone).
 *
 * @param dataDirectory   where the embedded database and posted files live
 * @param storage         the database endpoints and log settings
 * @param sessions        the SIP listener and dialog settings (domain, host, port, auth, limits)
 * @param fileHost        address of the file endpoint (files are served over HTTP)
 * @param filePort        port of the file endpoint (0: any free port)
 * @param chat            chat limits not tied to the transport
 * @param storageThreads  threads that run blocking store calls for commands
 * @param admin           where the admin API listens and its token
 * @param tls             the node's TLS identity; when present, SIP over TLS listens on
 *                        {@code sipTlsPort} and the file endpoint and admin API speak HTTPS
 * @param sipTlsPort      port of the SIP-over-TLS listener (0: any free port)
 * @param pool            the stretched pool this node belongs to, or a pool of one
 * @param admin           where the admin HTTP API listens and its token
 */
public record NodeConfig(Path dataDirectory, StorageConfig storage, SessionSettings sessions, String fileHost,
        int filePort, ChatLimits chat, int storageThreads, AdminSettings admin, Optional<TlsSettings> tls, int sipTlsPort,
        PoolSettings pool, HttpEndpointLimits http) {

    /** The limits of the two HTTP endpoints (files, admin). */
    public record HttpEndpointLimits(HttpLimits files, HttpLimits admin) {
        public static HttpEndpointLimits defaults() {
            return new HttpEndpointLimits(HttpLimits.of(256), HttpLimits.of(64));
        }
    }

    public static final int DEFAULT_SIP_PORT = 5041;
    public static final int DEFAULT_FILE_PORT = 8081;
    public static final int DEFAULT_SIP_TLS_PORT = 5061;

    /** The chat limits of docs/xccos.md a node hands to clients (see {@code ChatSettings}). */
    public record ChatLimits(int defaultChatHistory, int messageSizeLimit, int storySizeLimit, int searchLimit,
            int participantUpdateLimit, int fileSizeLimitKb, Duration fileTokenLifetime) {

        public static ChatLimits defaults() {
            return new ChatLimits(30, 512, 4096, 999, 75, 20_000, Duration.ofMinutes(5));
        }
    }

    public NodeConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(admin, "admin");
        if (filePort < 0 || filePort > 65_535) {
            throw new InvalidConfigurationException("files.port", "must be between 0 and 65535, was " + filePort);
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(pool, "pool");
        if (sipTlsPort < 0 || sipTlsPort > 65_535) {
            throw new InvalidConfigurationException("sip.tlsPort", "must be between 0 and 65535, was " + sipTlsPort);
        }
        if (storageThreads < 1 || storageThreads > 256) {
            throw new InvalidConfigurationException("node.storageThreads", "must be between 1 and 256, was " + storageThreads);
        }
        if (sessions.authMode() == AuthMode.NONE && !isLoopback(sessions.bindHost())) {
            throw new InvalidConfigurationException("sip.auth", "'none' is allowed only when sip.host is a loopback"
                    + " address (127.0.0.1, ::1); " + sessions.bindHost() + " is not: use 'digest' or 'trusted'");
        }
    }

    /** The embedded default: one node, H2 under {@code dataDirectory}, everything on 127.0.0.1. */
    public static NodeConfig embedded(Path dataDirectory) {
        return new NodeConfig(dataDirectory, StorageConfig.embedded(dataDirectory.resolve("db")).build(),
                SessionSettings.builder().port(DEFAULT_SIP_PORT).build(), "127.0.0.1", DEFAULT_FILE_PORT,
                ChatLimits.defaults(), 8, AdminSettings.defaults(), Optional.empty(), DEFAULT_SIP_TLS_PORT, PoolSettings.single(),
                HttpEndpointLimits.defaults());
    }

    public NodeConfig withStorage(StorageConfig value) {
        return new NodeConfig(dataDirectory, value, sessions, fileHost, filePort, chat, storageThreads, admin, tls, sipTlsPort, pool, http);
    }

    public NodeConfig withSessions(SessionSettings value) {
        return new NodeConfig(dataDirectory, storage, value, fileHost, filePort, chat, storageThreads, admin, tls, sipTlsPort, pool, http);
    }

    public NodeConfig withFilePort(int value) {
        return new NodeConfig(dataDirectory, storage, sessions, fileHost, value, chat, storageThreads, admin, tls, sipTlsPort, pool, http);
    }

    public NodeConfig withChat(ChatLimits value) {
        return new NodeConfig(dataDirectory, storage, sessions, fileHost, filePort, value, storageThreads, admin, tls, sipTlsPort, pool, http);
    }

    /** A stretched pool's topology and timing ({@link PoolSettings#single()}: one node). */
    public NodeConfig withPool(PoolSettings value) {
        return new NodeConfig(dataDirectory, storage, sessions, fileHost, filePort, chat, storageThreads, admin, tls, sipTlsPort,
                value, http);
    }

    /** TLS for SIP (on {@code sipTlsPort}), the file endpoint and the admin API. */
    public NodeConfig withTls(TlsSettings value, int tlsPort) {
        return new NodeConfig(dataDirectory, storage, sessions, fileHost, filePort, chat, storageThreads, admin,
                Optional.of(value), tlsPort, pool, http);
    }

    public NodeConfig withHttp(HttpEndpointLimits value) {
        return new NodeConfig(dataDirectory, storage, sessions, fileHost, filePort, chat, storageThreads, admin, tls, sipTlsPort, pool, value);
    }

    public NodeConfig withAdmin(AdminSettings value) {
        return new NodeConfig(dataDirectory, storage, sessions, fileHost, filePort, chat, storageThreads, value, tls, sipTlsPort, pool, http);
    }

    /** The effective configuration, one setting a line, secrets masked: logged once at start. */
    public String describe() {
        return "node.dataDirectory=" + dataDirectory.toAbsolutePath().normalize()
                + "\nsip.host=" + sessions.bindHost() + "\nsip.port=" + sessions.port()
                + "\nsip.domain=" + sessions.domain() + "\nsip.auth=" + sessions.authMode().name().toLowerCase(Locale.ROOT)
                + "\nsip.frontEnd=" + sessions.frontEnd().name().toLowerCase(Locale.ROOT)
                + "\nsip.sessionExpires=" + sessions.sessionExpiresSeconds() + "s"
                + "\nfiles.host=" + fileHost + "\nfiles.port=" + filePort
                + "\nchat.defaultChatHistory=" + chat.defaultChatHistory() + "\nchat.messageSizeLimit=" + chat.messageSizeLimit()
                + "\nchat.storySizeLimit=" + chat.storySizeLimit() + "\nchat.searchLimit=" + chat.searchLimit()
                + "\nchat.participantUpdateLimit=" + chat.participantUpdateLimit()
                + "\nchat.fileSizeLimitKb=" + chat.fileSizeLimitKb()
                + "\nadmin.host=" + admin.host() + "\nadmin.port=" + admin.port()
                + "\nadmin.token=" + (admin.token().isPresent() ? "****" : "(data directory)") + "\n" + storage.describe()
                + "\n" + pool.describe();
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
