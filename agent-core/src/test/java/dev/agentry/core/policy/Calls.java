package dev.agentry.core.policy;

import dev.agentry.core.Effect;
import dev.agentry.core.Event;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.Trust;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds policy requests and tools for the rule tests. */
final class Calls {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final AtomicInteger KEYS = new AtomicInteger();

    private Calls() {}

    static PolicyRequest call(String tool, Effect effect, Trust trust, Spend... spends) {
        return call(tool, effect, trust, NOW, "{}", spends);
    }

    static PolicyRequest call(String tool, Effect effect, Trust trust, Instant at, Spend... spends) {
        return call(tool, effect, trust, at, "{}", spends);
    }

    static PolicyRequest call(String tool, Effect effect, Trust trust, Instant at, String arguments, Spend... spends) {
        int key = KEYS.incrementAndGet();
        return new PolicyRequest("a1", tool, effect, Event.of("e" + key, "x", "bob", "c", "t", trust), ToolArguments.parse(arguments),
                List.of(spends), "k" + key, at);
    }

    static PolicyRequest funds(Spend... spends) {
        return call("transfer", Effect.FUNDS, Trust.OWNER, spends);
    }

    static Spend spend(String asset, String amount, String to) {
        return Spend.of(asset, new BigDecimal(amount), to);
    }

    static Spend spend(String asset, String amount) {
        return Spend.of(asset, new BigDecimal(amount));
    }

    static Tool tool(String name, Effect effect) {
        return new Tool() {
            @Override
            public ToolSpecification specification() {
                return ToolSpecification.builder().name(name).description(name).build();
            }

            @Override
            public Effect effect() {
                return effect;
            }

            @Override
            public String execute(ToolArguments arguments, ToolContext context) {
                return "ok";
            }
        };
    }
}
