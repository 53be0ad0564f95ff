package dev.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the PostgreSQL test helper finds a server, and what it says when there is none. */
class PostgresBinariesTest {
    @TempDir
    Path tmp;

    /** A fake server folder whose {@code postgres --version} prints a version. */
    private Path fakeServer(Path bin, int major) throws Exception {
        Files.createDirectories(bin);
        for (String tool : List.of("initdb", "pg_ctl", "postgres")) {
            Path f = bin.resolve(tool);
            Files.writeString(f, "#!/bin/sh\necho 'postgres (PostgreSQL) " + major + ".3'\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    @Test
    void findsTheServerInstalledOnThisMachine() {
        PostgresBinaries.Found found = PostgresBinaries.find();
        assertThat(found.major()).isGreaterThanOrEqualTo(PostgresBinaries.MIN_MAJOR);
        assertThat(found.bin().resolve("initdb")).isExecutable();
    }

    @Test
    void picksTheNewestVersionFolderAndSkipsOldOnes() throws Exception {
        Path root = tmp.resolve("lib/postgresql");
        fakeServer(root.resolve("14/bin"), 14);
        fakeServer(root.resolve("15/bin"), 15);
        Path newest = fakeServer(root.resolve("17/bin"), 17);
        assertThat(PostgresBinaries.find(Map.of("PATH", ""), List.of(root))).isEqualTo(new PostgresBinaries.Found(newest, 17));
    }

    @Test
    void findsInitdbOnThePathThroughItsLink() throws Exception {
        Path server = fakeServer(tmp.resolve("opt/pg16/bin"), 16);
        Path path = Files.createDirectories(tmp.resolve("path"));
        Files.createSymbolicLink(path.resolve("initdb"), server.resolve("initdb"));
        assertThat(PostgresBinaries.find(Map.of("PATH", path.toString()), List.of())).isEqualTo(new PostgresBinaries.Found(server.toRealPath(), 16));
    }

    @Test
    void pgBinIsTheOnlyPlaceLookedAtWhenSet() throws Exception {
        Path server = fakeServer(tmp.resolve("custom"), 16);
        assertThat(PostgresBinaries.find(Map.of("PG_BIN", server.toString()), List.of())).isEqualTo(new PostgresBinaries.Found(server, 16));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path root = tmp.resolve("lib/postgresql");
        fakeServer(root.resolve("16/bin"), 16);
        assertThatThrownBy(() -> PostgresBinaries.find(Map.of("PG_BIN", empty.toString()), List.of(root)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PG_BIN is " + empty).hasMessageContaining("initdb");
    }

    @Test
    void noServerSaysWhatToInstall() throws Exception {
        Path root = tmp.resolve("lib/postgresql");
        Path old = fakeServer(root.resolve("13/bin"), 13);
        assertThatThrownBy(() -> PostgresBinaries.find(Map.of("PATH", ""), List.of(root)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no PostgreSQL 15+ server found")
                .hasMessageContaining("apt-get install postgresql")
                .hasMessageContaining("PG_BIN")
                .hasMessageContaining(old.toString());
    }
}
