package dev.agentry.examples;

import dev.agentry.core.Effect;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.agentry.memory.AgentryStore;
import dev.agentry.memory.ScoredMemory;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Wraps a posting tool (such as {@code social_post}) so that a post repeating one of the agent's
 * recent posts, word for word or in meaning (embedding similarity, see
 * {@link AgentryStore#isNearDuplicate}), is refused with a tool error the model can act on.
 * Thread-safe if the wrapped tool is.
 */
public final class NearDuplicateGuard implements Tool {
    private final Tool delegate;
    private final AgentryStore store;
    private final String textArgument;

    /**
     * Guards a tool.
     *
     * @param delegate the posting tool
     * @param store the store holding the agent's posts
     * @param textArgument the name of the argument carrying the post's text
     */
    public NearDuplicateGuard(Tool delegate, AgentryStore store, String textArgument) {
        this.delegate = delegate;
        this.store = store;
        this.textArgument = textArgument;
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
    public List<Spend> spends(ToolArguments arguments, ToolContext context) {
        return delegate.spends(arguments, context);
    }

    @Override
    public Duration timeout() {
        return delegate.timeout();
    }

    @Override
    public String execute(ToolArguments arguments, ToolContext context) {
        String text = arguments.string(textArgument);
        if (store.isNearDuplicate(context.agentId(), text)) {
            Optional<ScoredMemory> nearest = store.nearestPost(context.agentId(), text);
            throw new ToolException("this post repeats one of your recent posts"
                    + nearest.map(n -> " (similarity " + String.format(java.util.Locale.ROOT, "%.2f", n.relevance()) + " to \"" + n.item().text() + "\")").orElse("")
                    + "; write about something new");
        }
        return delegate.execute(arguments, context);
    }
}
