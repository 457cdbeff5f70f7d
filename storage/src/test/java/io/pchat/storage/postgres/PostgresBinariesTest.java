package io.pchat.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory given for PostgreSQL's binaries is taken only when it holds the executables a server needs. */
class PostgresBinariesTest {
    @TempDir
    Path dir;

    @Test
    void aDirectoryHoldingInitdbAndPostgresIsTaken() throws Exception {
        executable("initdb");
        executable("postgres");

        assertThat(PostgresBinaries.find(Optional.of(dir))).isEqualTo(dir.toAbsolutePath());
    }

    @Test
    void aDirectoryMissingOneOfThemIsRefusedNamingWhatItMustHold() throws Exception {
        executable("initdb");
        Files.writeString(dir.resolve("postgres"), "not executable");

        assertThatThrownBy(() -> PostgresBinaries.find(Optional.of(dir))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.toAbsolutePath().toString()).hasMessageContaining("[initdb, postgres]");
    }

    private void executable(String name) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
