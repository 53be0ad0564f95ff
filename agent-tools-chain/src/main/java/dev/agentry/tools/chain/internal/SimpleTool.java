package dev.agentry.tools.chain.internal;

import dev.agentry.core.Effect;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.time.Duration;
import java.util.List;

/** A {@link Tool} assembled from a specification and functions. Thread-safe if the functions are. */
final class SimpleTool implements Tool {
    /** Executes a call. */
    @FunctionalInterface
    interface Body {
        String run(ToolArguments args, ToolContext context) throws Exception;
    }

    /** Declares spends. */
    @FunctionalInterface
    interface Spends {
        List<Spend> of(ToolArguments args, ToolContext context);
    }

    private final ToolSpecification spec;
    private final Effect effect;
    private final Duration timeout;
    private final Spends spends;
    private final Body body;

    SimpleTool(ToolSpecification spec, Effect effect, Duration timeout, Spends spends, Body body) {
        this.spec = spec;
        this.effect = effect;
        this.timeout = timeout;
        this.spends = spends;
        this.body = body;
    }

    @Override
    public ToolSpecification specification() {
        return spec;
    }

    @Override
    public Effect effect() {
        return effect;
    }

    @Override
    public List<Spend> spends(ToolArguments arguments, ToolContext context) {
        return spends.of(arguments, context);
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String execute(ToolArguments arguments, ToolContext context) {
        try {
            return body.run(arguments, context);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.agentry.core.AgentryException("tool '" + spec.name() + "' was interrupted", e);
        } catch (Exception e) {
            throw new dev.agentry.core.AgentryException("tool '" + spec.name() + "' failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return "Tool[" + spec.name() + ", " + effect + "]";
    }
}
