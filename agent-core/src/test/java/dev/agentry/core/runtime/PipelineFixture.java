package dev.agentry.core.runtime;

import dev.agentry.core.ApprovalHook;
import dev.agentry.core.Channel;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.InMemoryMemory;
import dev.agentry.core.Limits;
import dev.agentry.core.Policy;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.Metrics;
import dev.agentry.core.internal.events.EventHub;
import dev.agentry.core.internal.turn.AgentWiring;
import dev.agentry.core.internal.turn.ToolInvocation;
import dev.agentry.core.internal.turn.ToolPath;
import dev.agentry.core.internal.turn.ToolStage;
import dev.agentry.core.internal.turn.Toolbox;
import dev.agentry.core.internal.turn.Turn;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Wires one agent's tool path over a real in-memory journal and a meter registry, for stage tests. */
final class PipelineFixture {
    static final String AGENT = "agent-1";
    static final String ALICE = "0x00000000000000000000000000000000000a11ce";

    final InMemoryJournal journal = new InMemoryJournal();
    final InMemoryMemory memory = new InMemoryMemory();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AgentWiring agent;

    PipelineFixture(Policy policy, Tool... tools) {
        this(policy, ApprovalHook.denyAll(), tools);
    }

    PipelineFixture(Policy policy, ApprovalHook approvals, Tool... tools) {
        this(policy, approvals, Map.of(), Limits.defaults(), tools);
    }

    PipelineFixture(Map<String, Channel> channels, Limits limits, Tool... tools) {
        this(RecordingPolicy.allowingAll(), ApprovalHook.denyAll(), channels, limits, tools);
    }

    private PipelineFixture(Policy policy, ApprovalHook approvals, Map<String, Channel> channels, Limits limits, Tool... tools) {
        Metrics metrics = new Metrics(Optional.of(registry));
        this.agent = new AgentWiring(AGENT, new Toolbox(AGENT, List.of(tools)), policy, memory, journal, channels,
                limits, approvals, Duration.ofSeconds(1), Optional.empty(), metrics, new EventHub(100, metrics), Clock.systemUTC());
    }

    static Event event(String id, Trust trust) {
        return Event.of(id, "local", "alice", "chat-1", "do it", trust);
    }

    static Turn turn(Event event) {
        return new Turn(event, Instant.now());
    }

    /** Runs a call along the standard path. */
    ToolCall run(Event event, String tool, String arguments) {
        return ToolPath.standard(agent).run(new ToolInvocation(turn(event), tool, arguments));
    }

    /** Runs a call along the given stages, ending in a stub that finishes with OK and remembers what reached it. */
    ToolCall runThrough(Reached reached, Event event, String tool, String arguments, List<Function<AgentWiring, ToolStage>> stages) {
        List<ToolStage> path = new ArrayList<>();
        stages.forEach(stage -> path.add(stage.apply(agent)));
        path.add(reached);
        return new ToolPath(agent, path).run(new ToolInvocation(turn(event), tool, arguments));
    }

    double toolCalls(String tool, String outcome) {
        var counter = registry.find("agentry.tool.calls").tag("tool", tool).tag("outcome", outcome).timer();
        return counter == null ? 0 : counter.count();
    }

    /** The stub at the end of a partial path: finishes every call as OK and keeps the invocations it saw. */
    static final class Reached implements ToolStage {
        final List<ToolInvocation> calls = new ArrayList<>();

        @Override
        public ToolCall intercept(ToolInvocation call, Chain next) {
            calls.add(call);
            return new ToolCall(call.name(), "", ToolCall.Decision.ALLOW, "stub", ToolCall.Outcome.OK, "reached", call.key());
        }
    }
}
