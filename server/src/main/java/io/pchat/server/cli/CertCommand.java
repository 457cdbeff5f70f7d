package io.pchat.server.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.pchat.server.tls.DevCertificate;
import io.pchat.server.tls.PoolCertificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pchat cert dev}: a self-signed certificate for trying TLS on one machine;
 * {@code pchat cert pool}: a pool CA and a certificate per node for the node link.
 */
@Command(name = "cert", mixinStandardHelpOptions = true, description = "Certificates for TLS.",
        subcommands = {CertCommand.Dev.class, CertCommand.Pool.class})
public final class CertCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Writes a development certificate and key, and says how to use them. */
    @Command(name = "dev", mixinStandardHelpOptions = true,
            description = "Make a self-signed development certificate and key (PEM). Not for production.")
    static final class Dev implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", description = "Directory to write to (default: ${DEFAULT-VALUE}).")
        Path out = Path.of("data", "tls");

        @Option(names = "--name", description = "File name stem (default: ${DEFAULT-VALUE}).")
        String name = "pchat-dev";

        @Option(names = "--host", split = ",", paramLabel = "NAME",
                description = "More host names or IP addresses the certificate names, comma-separated (it always names"
                        + " localhost, 127.0.0.1 and ::1).")
        List<String> hosts = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Path[] files = DevCertificate.write(out, name, hosts);
            var w = spec.commandLine().getOut();
            w.println("certificate: " + files[0]);
            w.println("private key: " + files[1] + " (owner only)");
            w.println();
            w.println("Turn TLS on in the node's configuration (SIP over TLS on 5061, HTTPS for files and admin):");
            w.println("  tls:");
            w.println("    certificate: " + files[0]);
            w.println("    privateKey: " + files[1]);
            w.println("and connect with: pchat client --server 127.0.0.1:5061 --tls-trust " + files[0] + " ...");
            w.println("  pchat admin --url https://127.0.0.1:8080 --tls-trust " + files[0] + " ...");
            w.println("  curl --cacert " + files[0] + " https://127.0.0.1:8080/health");
            w.flush();
            return 0;
        }
    }

    /** Writes a pool CA and a certificate and key per node, and says how to use them. */
    @Command(name = "pool", mixinStandardHelpOptions = true,
            description = "Make a pool CA and a certificate per node for the node link's mutual TLS (PEM).")
    static final class Pool implements Callable<Integer> {

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--nodes", required = true, split = ",",
                description = "Every node id of pool.nodes, comma-separated (e.g. dc1-a,dc1-b,dc2-a,dc2-b).")
        List<String> nodes;

        @Option(names = "--out", description = "Directory to write to (default: ${DEFAULT-VALUE}).")
        Path out = Path.of("pool-tls");

        @Override
        public Integer call() throws Exception {
            List<Path> files;
            try {
                files = PoolCertificates.write(out, nodes);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("pchat cert pool: " + e.getMessage());
                return 2;
            }
            var w = spec.commandLine().getOut();
            files.forEach(f -> w.println("wrote " + f));
            w.println();
            w.println("Give each node its own certificate and key, and the CA (never ca.key: keep it offline; it signs");
            w.println("nodes added later). In the configuration of node <id>:");
            w.println("  pool:");
            w.println("    link:");
            w.println("      certificate: " + out.resolve("<id>.crt"));
            w.println("      privateKey: " + out.resolve("<id>.key"));
            w.println("      trustedCertificates: " + out.resolve("ca.crt"));
            w.println("A peer is accepted only with a certificate of this CA naming the member its Hello claims.");
            w.flush();
            return 0;
        }
    }
}
