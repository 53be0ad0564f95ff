package dev.agentry.core.runtime;

import dev.agentry.core.Effect;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/** A tool for pipeline tests: its spends and its execution are given, and it counts how often each is asked. */
final class FakeTool implements Tool {
    final AtomicInteger spendsCalls = new AtomicInteger();
    final AtomicInteger executions = new AtomicInteger();
    private final String name;
    private final Effect effect;
    private final BiFunction<ToolArguments, ToolContext, List<Spend>> spends;
    private final BiFunction<ToolArguments, ToolContext, String> execute;
    private final Duration timeout;

    private FakeTool(String name, Effect effect, BiFunction<ToolArguments, ToolContext, List<Spend>> spends,
            BiFunction<ToolArguments, ToolContext, String> execute, Duration timeout) {
        this.name = name;
        this.effect = effect;
        this.spends = spends;
        this.execute = execute;
        this.timeout = timeout;
    }

    /** A tool with one optional string argument {@code to} and one {@code amount}, that moves nothing and answers "done". */
    static FakeTool of(String name, Effect effect) {
        return new FakeTool(name, effect, (a, c) -> List.of(), (a, c) -> "done", Duration.ofSeconds(5));
    }

    FakeTool spending(BiFunction<ToolArguments, ToolContext, List<Spend>> declared) {
        return new FakeTool(name, effect, declared, execute, timeout);
    }

    FakeTool executing(BiFunction<ToolArguments, ToolContext, String> body) {
        return new FakeTool(name, effect, spends, body, timeout);
    }

    FakeTool timingOutAfter(Duration limit) {
        return new FakeTool(name, effect, spends, execute, limit);
    }

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder().name(name).description("a test tool")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("to", "recipient")
                        .addStringProperty("amount", "amount as a decimal string")
                        .addStringProperty("api_key", "a secret the journal must not see")
                        .build())
                .build();
    }

    @Override
    public Effect effect() {
        return effect;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public List<Spend> spends(ToolArguments arguments, ToolContext context) {
        spendsCalls.incrementAndGet();
        return spends.apply(arguments, context);
    }

    @Override
    public String execute(ToolArguments arguments, ToolContext context) {
        executions.incrementAndGet();
        return execute.apply(arguments, context);
    }
}
