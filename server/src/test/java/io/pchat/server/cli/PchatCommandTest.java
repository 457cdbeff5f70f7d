package io.pchat.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pchat.server.config.ExampleConfig;
import io.pchat.server.config.SettingsReference;
import io.pchat.server.tls.PoolCertificates;

import picocli.CommandLine;

class PchatCommandTest {

    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = PchatCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        return cli.execute(args);
    }

    @Test
    void versionNamesTheProjectVersionFromThePom() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("pchat 0.").doesNotContain("${project.version}").doesNotContain("unknown");
    }

    @Test
    void everySubCommandAnswersDashVWithTheVersion() {
        for (String[] args : new String[][] {{"client", "-V"}, {"admin", "-V"}, {"node", "--version"}, {"drill", "-V"}}) {
            out.getBuffer().setLength(0);
            assertThat(run(args)).as(String.join(" ", args)).isZero();
            assertThat(out.toString()).as(String.join(" ", args)).startsWith("pchat 0.");
        }
    }

    @Test
    void helpListsTheCommandName() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: pchat").contains("--version");
    }

    @Test
    void noArgumentsPrintsUsage() {
        assertThat(run()).isZero();
        assertThat(out.toString()).contains("Usage: pchat");
    }

    @Test
    void configExamplePrintsTheExampleFileAndReferenceTheTablesOfTheSectionsAsked() {
        assertThat(run("config", "example")).isZero();
        assertThat(out.toString()).isEqualTo(ExampleConfig.yaml());

        out.getBuffer().setLength(0);
        assertThat(run("config", "reference", "pool")).isZero();
        assertThat(out.toString()).isEqualTo(SettingsReference.markdown(List.of("pool")));

        StringWriter err = new StringWriter();
        CommandLine cli = PchatCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("config", "reference", "pol")).isEqualTo(2);
        assertThat(err.toString()).contains("not a section: pol").contains("node, sip, tls");
    }

    @Test
    void certPoolMakesACaAndOneCertificatePerNodeNamingIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pool-tls");

        assertThat(run("cert", "pool", "--nodes", "dc1-a,dc2-b", "--out", out.toString())).isZero();

        assertThat(this.out.toString()).contains("pool-tls/<id>.crt").contains("keep it offline");
        for (String id : new String[] {"dc1-a", "dc2-b"}) {
            X509Certificate certificate;
            try (var in = Files.newInputStream(out.resolve(id + ".crt"))) {
                certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            assertThat(PoolCertificates.memberId(certificate)).contains(id);
            assertThat(certificate.getIssuerX500Principal().getName()).contains("pchat pool CA");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(id + ".key"))))
                    .isEqualTo("rw-------");
        }
        assertThat(out.resolve("ca.crt")).exists();
        assertThat(run("cert", "pool", "--nodes", "not an id", "--out", out.toString())).isEqualTo(2);
    }
}
