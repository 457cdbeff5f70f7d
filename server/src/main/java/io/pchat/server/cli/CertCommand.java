package io.pchat.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.pchat.server.tls.DevCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pchat cert dev}: a self-signed certificate for trying TLS on one machine. */
@Command(name = "cert", mixinStandardHelpOptions = true, description = "Certificates for TLS.",
        subcommands = CertCommand.Dev.class)
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

        @Option(names = "--host", description = "Host name the certificate is for (default: ${DEFAULT-VALUE}).")
        String host = "localhost";

        @Override
        public Integer call() throws Exception {
            Path[] files = DevCertificate.write(out, name, host);
            var w = spec.commandLine().getOut();
            w.println("certificate: " + files[0]);
            w.println("private key: " + files[1] + " (owner only)");
            w.println();
            w.println("Turn TLS on in the node's configuration (SIP over TLS on 5061, HTTPS for files and admin):");
            w.println("  tls:");
            w.println("    certificate: " + files[0]);
            w.println("    privateKey: " + files[1]);
            w.println("and connect with: pchat client --server 127.0.0.1:5061 --tls-trust " + files[0] + " ...");
            w.flush();
            return 0;
        }
    }
}
