package dev.agentry.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Approval;
import dev.agentry.core.Effect;
import dev.agentry.core.Event;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite approval queue keeps approvals exactly across a reopen, one per call, and moves them only by compare-and-set. */
class JdbcApprovalQueueTest {
    @TempDir
    Path dir;

    private static Approval pending(String id, String key) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Event event = new Event("e-" + id, "x", "alice", "c1", "tip bob 9", Trust.TRUSTED, at, Map.of("reply_to", "42"));
        PolicyRequest request = new PolicyRequest("tipper", "transfer_token", Effect.FUNDS, event, ToolArguments.parse("{\"amount\":\"9\"}"),
                List.of(Spend.of("0xtip", new BigDecimal("9.50"), "0xbob"), Spend.of("ETH", new BigDecimal("0.0001"))), key, at);
        return Approval.pending(id, request, PolicyDecision.needsApproval("approval", "above 5"), "{\"amount\":\"9\"}", at.plusSeconds(600));
    }

    @Test
    void approvalsSurviveAReopenExactlyAndOnePerCall() {
        Approval first = pending("a1", "k1");
        try (JdbcApprovalQueue queue = JdbcApprovalQueue.sqlite(dir.resolve("q.db"))) {
            assertThat(queue.offer(first)).isEqualTo(first);
            assertThat(queue.offer(pending("a2", "k1"))).as("the same call is queued once").isEqualTo(first);
            queue.offer(pending("a3", "k3"));
        }
        try (JdbcApprovalQueue queue = JdbcApprovalQueue.sqlite(dir.resolve("q.db"))) {
            assertThat(queue.find("a1")).contains(first);
            assertThat(queue.findByKey("k3").map(Approval::id)).contains("a3");
            assertThat(queue.find("a2")).isEmpty();
            assertThat(queue.list(10)).extracting(Approval::id).containsExactlyInAnyOrder("a1", "a3");
            assertThat(queue.withStatus(Approval.Status.PENDING)).hasSize(2);
        }
    }

    @Test
    void aStateChangeHappensOnlyFromTheExpectedState() {
        try (JdbcApprovalQueue queue = JdbcApprovalQueue.sqlite(dir.resolve("q.db"))) {
            Approval held = queue.offer(pending("a1", "k1"));
            Approval approved = held.decided(Approval.Status.APPROVED, "carol", "ok", Instant.now().truncatedTo(ChronoUnit.MILLIS));

            assertThat(queue.replace(Approval.Status.PENDING, approved)).isTrue();
            assertThat(queue.replace(Approval.Status.PENDING, held.decided(Approval.Status.DENIED, "dave", "", Instant.now())))
                    .as("a second operator loses").isFalse();
            assertThat(queue.replace(Approval.Status.APPROVED, approved.with(Approval.Status.EXECUTING))).isTrue();
            assertThat(queue.replace(Approval.Status.APPROVED, approved.with(Approval.Status.EXECUTING))).as("one claimant").isFalse();
            Approval done = approved.executed(new ToolCall("transfer_token", "{}", ToolCall.Decision.NEEDS_APPROVAL, "approval",
                    ToolCall.Outcome.OK, "{\"status\":\"success\"}", "k1"));
            assertThat(queue.replace(Approval.Status.EXECUTING, done)).isTrue();
            assertThat(queue.find("a1")).contains(done);
            assertThat(queue.withStatus(Approval.Status.PENDING)).isEmpty();
        }
    }
}
