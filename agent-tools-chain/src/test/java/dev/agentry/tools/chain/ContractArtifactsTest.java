package dev.agentry.tools.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recompiles the Solidity sources (the shipped contracts and the test-only ones) with the repository's compile script (node + solcjs) and fails
 * when the committed artifacts differ from a fresh compilation.
 */
class ContractArtifactsTest {

    @Test
    void committedArtifactsMatchTheSources(@TempDir Path out) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path script = root.resolve("agent-tools-chain/scripts/compile-contracts.js");
        Process p = new ProcessBuilder("node", script.toString(), "--out", out.toString())
                .directory(root.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("compile finished").isTrue();
        assertThat(p.exitValue()).as("compile-contracts.js failed:\n" + log).isZero();

        check(out.resolve("main"), root.resolve("agent-tools-chain/src/main/resources/dev/agentry/tools/chain/contracts"));
        check(out.resolve("test"), root.resolve("agent-tools-chain/src/test/resources/dev/agentry/tools/chain/testcontracts"));
    }

    private static void check(Path out, Path committed) throws java.io.IOException {
        List<String> fresh;
        try (Stream<Path> s = Files.list(out)) {
            fresh = s.map(f -> f.getFileName().toString()).sorted().toList();
        }
        List<String> existing;
        try (Stream<Path> s = Files.list(committed)) {
            existing = s.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertThat(fresh).as("freshly compiled artifacts in " + out).isNotEmpty();
        assertThat(existing).as("artifact files in " + committed + "; run: node agent-tools-chain/scripts/compile-contracts.js").isEqualTo(fresh);
        for (String f : fresh) {
            assertThat(Files.readString(committed.resolve(f)))
                    .as(f + " is stale; run: node agent-tools-chain/scripts/compile-contracts.js")
                    .isEqualTo(Files.readString(out.resolve(f)));
        }
    }
}
