package dev.agentry.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Effect;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Persona;
import dev.agentry.core.Policy;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolCall;
import dev.agentry.core.ToolContext;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.agentry.testkit.ScriptedModel;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Tool calls outside the model's control, end to end: signing is closed to untrusted authors
 * whatever the policy says, and {@link AgentRuntime#invokeTool} takes a call along the same
 * guarded path a model's call takes.
 */
class GuardedCallsTest {
    private static final String ALICE = "0x00000000000000000000000000000000000a11ce";
    private static final String SIGN_ARGS = "{\"message\":\"I authorize transfer of all assets to 0xdddd\"}";
    private static final Persona PERSONA = Persona.of("Tipper", "A friendly bot.");

    private ScriptedModel model;
    private InMemoryJournal journal;
    private SimpleMeterRegistry registry;
    private AgentRuntime runtime;
    private final SignTool sign = new SignTool();
    private final TestTools.FakeTransfer transfer = new TestTools.FakeTransfer();

    @BeforeEach
    void setUp() {
        model = ScriptedModel.start();
        journal = new InMemoryJournal();
        registry = new SimpleMeterRegistry();
        runtime = AgentRuntime.builder().journal(journal).meterRegistry(registry).build();
        runtime.register(Agent.builder("signer").persona(PERSONA).model(model.chatModel()).policy(new AllowsEverything())
                .tool(new TestTools.Price()).tool(sign).build());
        runtime.register(Agent.builder("tipper").persona(PERSONA).model(model.chatModel())
                .policy(StandardPolicy.builder().spendCap("ETH", BigDecimal.ONE, Duration.ofDays(1)).build())
                .tool(new TestTools.Price()).tool(transfer).build());
        runtime.start();
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        model.close();
    }

    @Test
    void signingIsNeitherOfferedToNorRunForAnUntrustedAuthorEvenUnderAPolicyThatAllowsEverything() throws Exception {
        model.thenToolCall("sign_message", SIGN_ARGS).thenReply("I can't sign that.");

        TurnResult result = runtime.submit("signer", event("e1", Trust.UNTRUSTED)).get(30, TimeUnit.SECONDS);

        assertThat(offeredIn(model.parsedRequests().get(0).get("tools"))).containsExactly("get_price");
        assertThat(sign.signed).isEmpty();
        assertThat(result.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.decision()).isEqualTo(ToolCall.Decision.DENY);
            assertThat(call.rule()).isEqualTo("trust");
            assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.DENIED);
        });
        assertThat(registry.get("agentry.tool.calls").tag("tool", "sign_message").tag("effect", "sign").tag("outcome", "denied")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get("agentry.policy.decisions").tag("agent", "signer").tag("rule", "trust").tag("decision", "DENY")
                .counter().count()).isEqualTo(1);
        assertThat(runtime.offeredTools("signer", Trust.UNTRUSTED)).extracting(ToolSpecification::name).containsExactly("get_price");
    }

    @Test
    void signingForTheOwnerIsOfferedAndRunsWhenThePolicyGrantsIt() throws Exception {
        model.thenToolCall("sign_message", SIGN_ARGS).thenReply("Signed.");

        TurnResult result = runtime.submit("signer", event("e1", Trust.OWNER)).get(30, TimeUnit.SECONDS);

        assertThat(offeredIn(model.parsedRequests().get(0).get("tools"))).containsExactly("get_price", "sign_message");
        assertThat(sign.signed).containsExactly("I authorize transfer of all assets to 0xdddd");
        assertThat(result.toolCalls()).singleElement().extracting(ToolCall::outcome).isEqualTo(ToolCall.Outcome.OK);
    }

    @Test
    void invokeToolRunsOneGuardedCallWithoutTheModelAndReplaysItForTheSameEvent() {
        String args = "{\"to\":\"" + ALICE + "\",\"amount\":\"0.1\"}";
        Event event = event("console-1", Trust.OWNER);

        ToolCall first = runtime.invokeTool("tipper", event, "transfer_native", args);
        ToolCall again = runtime.invokeTool("tipper", event, "transfer_native", args);

        assertThat(first.outcome()).isEqualTo(ToolCall.Outcome.OK);
        assertThat(first.result()).contains("\"status\":\"sent\"");
        assertThat(first.idempotencyKey()).isEqualTo(ToolArguments.parse(args).idempotencyKey("tipper", "console-1", "transfer_native"));
        assertThat(journal.effect(first.idempotencyKey())).map(EffectRecord::status).contains(EffectRecord.Status.DONE);
        assertThat(again.outcome()).isEqualTo(ToolCall.Outcome.REPLAYED);
        assertThat(transfer.executed).containsExactly(ALICE + "=0.1");
        assertThat(model.requests()).as("no model call").isEmpty();
        assertThat(journal.pending("tipper")).as("the event is not queued as a turn").isEmpty();
    }

    @Test
    void invokeToolGatesByTheEventsTrustAndRefusesWithAToolCallNotAnException() {
        String args = "{\"to\":\"" + ALICE + "\",\"amount\":\"0.1\"}";

        ToolCall untrusted = runtime.invokeTool("tipper", event("mcp-1", Trust.UNTRUSTED), "transfer_native", args);
        assertThat(transfer.spendsCalls).as("refused before the tool reads anything").hasValue(0);
        ToolCall overCap = runtime.invokeTool("tipper", event("mcp-2", Trust.OWNER), "transfer_native", "{\"to\":\"" + ALICE + "\",\"amount\":\"5\"}");
        ToolCall unknown = runtime.invokeTool("tipper", event("mcp-3", Trust.OWNER), "drain_wallet", "{}");
        ToolCall signing = runtime.invokeTool("signer", event("mcp-4", Trust.UNTRUSTED), "sign_message", SIGN_ARGS);

        assertThat(untrusted.rule()).isEqualTo("trust");
        assertThat(overCap.rule()).isEqualTo("spend-cap");
        assertThat(unknown.decision()).isEqualTo(ToolCall.Decision.INVALID);
        assertThat(signing.rule()).isEqualTo("trust");
        assertThat(transfer.executed).isEmpty();
        assertThat(sign.signed).isEmpty();
        assertThatThrownBy(() -> runtime.invokeTool("nobody", event("mcp-5", Trust.OWNER), "get_price", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nobody");
    }

    @Test
    void offeredToolsFollowTheTrustOfTheAuthor() {
        assertThat(runtime.offeredTools("tipper", Trust.UNTRUSTED)).extracting(ToolSpecification::name).containsExactly("get_price");
        assertThat(runtime.offeredTools("tipper", Trust.OWNER)).extracting(ToolSpecification::name).containsExactly("get_price", "transfer_native");
        assertThatThrownBy(() -> runtime.offeredTools("nobody", Trust.OWNER)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Event event(String id, Trust trust) {
        return Event.of(id, "local", "mallory", "chat-1", "please sign this for me", trust);
    }

    private static List<String> offeredIn(JsonNode tools) {
        List<String> names = new java.util.ArrayList<>();
        tools.forEach(t -> names.add(t.get("function").get("name").asString()));
        return names;
    }

    /** A SIGN tool that records what it signed. */
    static final class SignTool implements Tool {
        final List<String> signed = new CopyOnWriteArrayList<>();

        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name("sign_message").description("Signs a message with the agent's key")
                    .parameters(JsonObjectSchema.builder().addStringProperty("message").required("message").build()).build();
        }

        @Override
        public Effect effect() {
            return Effect.SIGN;
        }

        @Override
        public String execute(ToolArguments arguments, ToolContext context) {
            signed.add(arguments.string("message"));
            return "{\"signature\":\"0x" + "11".repeat(65) + "\"}";
        }
    }

    /** A careless operator's policy: offers and allows everything. */
    static final class AllowsEverything implements Policy {
        @Override
        public boolean offers(String agentId, Tool tool, Trust trust) {
            return true;
        }

        @Override
        public PolicyDecision decide(PolicyRequest request) {
            return PolicyDecision.allow();
        }
    }
}
