package dev.agentry.core.runtime;

import static dev.agentry.core.runtime.PipelineFixture.AGENT;
import static dev.agentry.core.runtime.PipelineFixture.ALICE;
import static dev.agentry.core.runtime.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Effect;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Policy;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.Spend;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The whole path with the real {@link StandardPolicy}: settled spends, one decision per call, denials in the log. */
class ToolPathTest {
    private static final String ARGS = "{\"to\":\"" + ALICE + "\",\"amount\":\"0.3\"}";
    private static final Spend VALUE = Spend.of("ETH", new BigDecimal("0.3"), ALICE);
    private static final Spend WORST_FEE = Spend.of("ETH", new BigDecimal("0.2"));
    private static final Spend REAL_FEE = Spend.of("ETH", new BigDecimal("0.01"));

    private static StandardPolicy capOf(String eth) {
        return StandardPolicy.builder().spendCap("ETH", new BigDecimal(eth), Duration.ofDays(1)).build();
    }

    /** A transfer that declares its value plus the worst-case fee, and settles with the fee its receipt shows (if told to). */
    private static FakeTool transfer(boolean settles) {
        return FakeTool.of("transfer", Effect.FUNDS)
                .spending((a, c) -> List.of(VALUE, WORST_FEE))
                .executing((a, c) -> {
                    if (settles) {
                        c.settle(List.of(VALUE, REAL_FEE));
                    }
                    return "{\"status\":\"sent\"}";
                });
    }

    @Test
    void theSpendWindowCountsWhatATransferSettledNotItsWorstCase() {
        StandardPolicy policy = capOf("0.9");
        PipelineFixture fixture = new PipelineFixture(policy, transfer(true));

        ToolCall first = fixture.run(event("e1", Trust.OWNER), "transfer", ARGS);

        assertThat(first.outcome()).isEqualTo(ToolCall.Outcome.OK);
        assertThat(policy.spentWithinWindow(AGENT, "ETH")).isEqualByComparingTo("0.31");
        assertThat(fixture.journal.effect(first.idempotencyKey())).map(EffectRecord::spends).contains(List.of(VALUE, REAL_FEE));

        ToolCall second = fixture.run(event("e2", Trust.OWNER), "transfer", ARGS);

        assertThat(second.outcome()).as("0.31 settled + 0.5 worst case fits the 0.9 cap").isEqualTo(ToolCall.Outcome.OK);
        assertThat(policy.spentWithinWindow(AGENT, "ETH")).isEqualByComparingTo("0.62");
    }

    @Test
    void withoutSettlingTheWorstCaseCountsAndTheSecondTransferIsOverTheCap() {
        StandardPolicy policy = capOf("0.9");
        FakeTool tool = transfer(false);
        PipelineFixture fixture = new PipelineFixture(policy, tool);

        fixture.run(event("e1", Trust.OWNER), "transfer", ARGS);
        ToolCall second = fixture.run(event("e2", Trust.OWNER), "transfer", ARGS);

        assertThat(policy.spentWithinWindow(AGENT, "ETH")).isEqualByComparingTo("0.5");
        assertThat(second.rule()).isEqualTo("spend-cap");
        assertThat(tool.executions).hasValue(1);
    }

    @Test
    void thePolicyDecidesEachCallExactlyOnce() {
        StandardPolicy standard = capOf("10");
        AtomicInteger decisions = new AtomicInteger();
        Policy counting = new Policy() {
            @Override
            public boolean offers(String agentId, Tool tool, Trust trust) {
                return standard.offers(agentId, tool, trust);
            }

            @Override
            public PolicyDecision decide(PolicyRequest request) {
                decisions.incrementAndGet();
                return standard.decide(request);
            }

            @Override
            public void completed(PolicyRequest request, List<Spend> counted) {
                standard.completed(request, counted);
            }
        };
        PipelineFixture fixture = new PipelineFixture(counting, transfer(true));

        fixture.run(event("e1", Trust.OWNER), "transfer", ARGS);
        fixture.run(event("e2", Trust.OWNER), "transfer", ARGS);
        fixture.run(event("e3", Trust.UNTRUSTED), "transfer", ARGS);

        assertThat(decisions).hasValue(3);
    }

    @Test
    void everyDenialIsLoggedAtInfoWithAgentToolRuleAndEventButNoArguments() {
        PipelineFixture fixture = new PipelineFixture(capOf("0.9"), transfer(false));

        String allowed = stderrOf(() -> fixture.run(event("e-allowed", Trust.OWNER), "transfer", ARGS));
        String untrusted = stderrOf(() -> fixture.run(event("e-untrusted", Trust.UNTRUSTED), "transfer", ARGS));
        String overCap = stderrOf(() -> fixture.run(event("e-over", Trust.OWNER), "transfer", ARGS));

        System.out.println("allowed call logged: [" + allowed.strip() + "]");
        System.out.println("untrusted call logged: [" + untrusted.strip() + "]");
        System.out.println("over-cap call logged: [" + overCap.strip() + "]");
        assertThat(allowed).doesNotContain("denied");
        assertThat(untrusted).contains("INFO").contains("tool call denied: agent=agent-1 tool=transfer rule=trust event=e-untrusted trust=UNTRUSTED");
        assertThat(overCap).contains("INFO").contains("tool call denied: agent=agent-1 tool=transfer rule=spend-cap event=e-over trust=OWNER");
        assertThat(untrusted + overCap).doesNotContain(ALICE).doesNotContain("0.3");
    }

    private static String stderrOf(Supplier<ToolCall> action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.get();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
