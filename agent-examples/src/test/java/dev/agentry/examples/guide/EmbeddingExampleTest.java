package dev.agentry.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.TurnResult;
import dev.agentry.testkit.ScriptedModel;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding example: it answers, and when its model cannot be reached it says so, why and where, never "(silent)". */
class EmbeddingExampleTest {
    private static final String KEY = "sk-example-4b2d6f8a1c3e5a7b";

    @TempDir
    Path dir;

    private Path persona() throws Exception {
        try (InputStream in = EmbeddingExampleTest.class.getResourceAsStream("/personas/sage.json")) {
            return Files.write(dir.resolve("sage.json"), in.readAllBytes());
        }
    }

    @Test
    void printsTheAnswer() throws Exception {
        try (ScriptedModel model = ScriptedModel.start()) {
            model.thenReply("0.1 + 0.2 = 0.3 exactly.");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TurnResult turn = EmbeddingExample.run(model.baseUrl(), KEY, persona(), dir.resolve("agentry.db"), new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(turn.outcome()).isEqualTo(TurnResult.Outcome.REPLIED);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("0.1 + 0.2 = 0.3 exactly." + System.lineSeparator());
        }
    }

    @Test
    void aModelThatCannotBeReachedIsAFailedTurnWithTheReasonAndTheEndpoint() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port + "/v1";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TurnResult turn = EmbeddingExample.run(endpoint, KEY, persona(), dir.resolve("agentry.db"), new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(turn.outcome()).isEqualTo(TurnResult.Outcome.FAILED);
        assertThat(printed).startsWith("the turn FAILED: ").containsIgnoringCase("connect").contains("(model at " + endpoint + ")")
                .doesNotContain("(silent)").doesNotContain(KEY).doesNotContain(KEY.substring(3));
    }
}
