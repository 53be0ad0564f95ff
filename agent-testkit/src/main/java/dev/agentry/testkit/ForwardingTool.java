package dev.agentry.testkit;

import dev.agentry.core.Effect;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Tool} that forwards every method to another tool, for tests that change one thing about
 * a real tool: override {@link #execute} to pause, log or fail around the real call, or
 * {@link #timeout} to give it longer. Its name, effect and declared spends stay the wrapped tool's,
 * so the policy judges it exactly as the original. Thread-safe if the wrapped tool is.
 */
public abstract class ForwardingTool implements Tool {
    private final Tool delegate;

    /**
     * Wraps a tool.
     *
     * @param delegate the tool every call goes to unless overridden
     */
    protected ForwardingTool(Tool delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Returns the wrapped tool, for an override that calls it.
     *
     * @return the wrapped tool
     */
    protected final Tool delegate() {
        return delegate;
    }

    @Override
    public ToolSpecification specification() {
        return delegate.specification();
    }

    @Override
    public Effect effect() {
        return delegate.effect();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public List<Spend> spends(ToolArguments arguments, ToolContext context) {
        return delegate.spends(arguments, context);
    }

    @Override
    public Duration timeout() {
        return delegate.timeout();
    }

    @Override
    public String execute(ToolArguments arguments, ToolContext context) {
        return delegate.execute(arguments, context);
    }
}
