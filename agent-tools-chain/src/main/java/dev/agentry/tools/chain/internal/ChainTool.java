package dev.agentry.tools.chain.internal;

import dev.agentry.core.Effect;
import dev.agentry.core.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.time.Duration;

/** What every chain tool has: a specification, an effect and a timeout. */
abstract class ChainTool implements Tool {
    private final ToolSpecification spec;
    private final Effect effect;
    private final Duration timeout;

    ChainTool(ToolSpecification spec, Effect effect, Duration timeout) {
        this.spec = spec;
        this.effect = effect;
        this.timeout = timeout;
    }

    @Override
    public final ToolSpecification specification() {
        return spec;
    }

    @Override
    public final Effect effect() {
        return effect;
    }

    @Override
    public final Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return "Tool[" + spec.name() + ", " + effect + "]";
    }
}
