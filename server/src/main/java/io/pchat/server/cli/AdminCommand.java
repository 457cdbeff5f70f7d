package io.pchat.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.pchat.server.admin.AdminEndpointFile;
import io.pchat.server.cli.admin.AdminClient;
import io.pchat.server.cli.admin.AdminExit;
import io.pchat.server.cli.admin.AdminFailure;
import io.pchat.server.cli.admin.AdminSession;
import io.pchat.server.cli.admin.CategoryCommand;
import io.pchat.server.cli.admin.ComplianceCommand;
import io.pchat.server.cli.admin.ConfigCommand;
import io.pchat.server.cli.admin.HealthCommand;
import io.pchat.server.cli.admin.PemTrust;
import io.pchat.server.cli.admin.PoolCommand;
import io.pchat.server.cli.admin.PurgeCommand;
import io.pchat.server.cli.admin.RoomCommand;
import io.pchat.server.cli.admin.ShutdownCommand;
import io.pchat.server.cli.admin.TestMessageCommand;
import io.pchat.server.cli.admin.UserCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code pchat admin}: administers a running node through its admin HTTP API (docs/admin.md).
 * The connection options may be given before or after the sub-command. The token is
 * {@code --token}, else {@code $PCHAT_ADMIN_TOKEN}, else the first line of {@code --token-file}
 * (default {@code ./data/admin.token}, where a node on the default data directory writes it).
 *
 * <p>Readable tables by default; {@code --json} prints the API's JSON as it came. Exit statuses
 * are {@link AdminExit}'s: 0 ok, 2 usage, 3 refused (4xx), 4 no connection, 5 server error (5xx).
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Administer a running node: categories, rooms, users, configuration, compliance, health.",
        subcommands = {CategoryCommand.class, RoomCommand.class, UserCommand.class, ConfigCommand.class,
                ComplianceCommand.class, PurgeCommand.class, HealthCommand.class, ShutdownCommand.class,
                TestMessageCommand.class, PoolCommand.class})
public final class AdminCommand implements Runnable, AdminSession {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", scope = ScopeType.INHERIT, description = "The node's admin API (default: what the node"
            + " wrote beside the token file, admin.url, with the certificate to trust when it speaks HTTPS; else"
            + " http://127.0.0.1:8080).")
    String url;

    @Option(names = "--token", defaultValue = "${env:PCHAT_ADMIN_TOKEN}", scope = ScopeType.INHERIT,
            description = "The admin API's bearer token (default: $PCHAT_ADMIN_TOKEN, else --token-file).")
    String token;

    @Option(names = "--token-file", defaultValue = "data/admin.token", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "File holding the token (default ${DEFAULT-VALUE}).")
    Path tokenFile;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the API's JSON instead of tables.")
    boolean json;

    @Option(names = "--tls-trust", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "With an https --url: trust the node's certificate in this PEM file (e.g. the one pchat cert dev"
                    + " made, data/tls/pchat-dev.crt).")
    Path tlsTrust;

    /** Without a sub-command: usage on stderr, exit 2. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command: category, room, user, config,"
                + " compliance, purge, health, shutdown or test-message");
    }

    @Override
    public AdminClient client() throws AdminFailure {
        Path trust = tlsTrust;
        String chosen = url;
        if (chosen == null) {
            // run from the node's directory: the node said where its API answers, as it left the token there
            Optional<AdminEndpointFile.Endpoint> written = writtenEndpoint();
            chosen = written.map(e -> e.url().toString()).orElse("http://127.0.0.1:8080");
            if (trust == null) {
                trust = written.flatMap(AdminEndpointFile.Endpoint::tlsTrust).filter(Files::isReadable).orElse(null);
            }
        }
        URI base;
        try {
            base = URI.create(chosen);
            if (base.getScheme() == null || base.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
        } catch (IllegalArgumentException e) {
            throw new AdminFailure(AdminExit.USAGE, "--url must be like http://127.0.0.1:8080, was '" + chosen + "'");
        }
        return new AdminClient(base, token(), trust == null ? Optional.empty() : Optional.of(PemTrust.context(trust)));
    }

    private Optional<AdminEndpointFile.Endpoint> writtenEndpoint() throws AdminFailure {
        Path file = (tokenFile == null ? Path.of("data", "admin.token") : tokenFile).resolveSibling(AdminEndpointFile.FILE_NAME);
        try {
            return AdminEndpointFile.read(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new AdminFailure(AdminExit.USAGE, "cannot read " + file + " (give --url): " + e.getMessage());
        }
    }

    private Optional<String> token() throws AdminFailure {
        if (token != null && !token.isBlank()) {
            return Optional.of(token.strip());
        }
        if (tokenFile == null || !Files.exists(tokenFile)) {
            return Optional.empty(); // GET /health needs none; other calls say 401 with a hint
        }
        try {
            return Files.readAllLines(tokenFile, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(s -> !s.isEmpty()).findFirst();
        } catch (IOException e) {
            throw new AdminFailure(AdminExit.USAGE, "cannot read the token file " + tokenFile + ": " + e.getMessage());
        }
    }

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
