package dev.agentry.cluster.internal;

import dev.agentry.core.Channel;
import dev.agentry.core.Effect;
import dev.agentry.core.Event;
import dev.agentry.core.Plugin;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every agent of a cluster node the tool {@code message_agent} (send a message to another
 * agent by id; a {@link Effect#POST}, journalled like any post) and the channel {@code "agent"}, so
 * that its answer to an agent's message goes back to that agent as a message. A message the hop
 * limit or the conversation budget stops is a tool error for the model, and an answer it stops is
 * not sent (logged).
 */
public final class MessagingPlugin implements Plugin {
    private static final Logger log = LoggerFactory.getLogger(MessagingPlugin.class);

    private final AgentMessages messages;

    /** The plugin over a node's messaging. */
    public MessagingPlugin(AgentMessages messages) {
        this.messages = messages;
    }

    @Override
    public String name() {
        return "cluster-messaging";
    }

    @Override
    public List<Tool> tools(PluginContext context) {
        return List.of(new MessageAgent());
    }

    @Override
    public List<Channel> channels(PluginContext context) {
        String self = context.agentId();
        return List.of(new Channel() {
            @Override
            public String source() {
                return Envelope.AGENT_SOURCE;
            }

            @Override
            public String reply(Event event, String text, String idempotencyKey) {
                Optional<String> refused = messages.send(self, event, event.author(), text, idempotencyKey);
                refused.ifPresent(why -> log.info("agent {}: answer to agent {} not sent: {}", self, event.author(), why));
                return refused.isPresent() ? "" : event.author();
            }
        });
    }

    private final class MessageAgent implements Tool {
        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name("message_agent")
                    .description("Send a message to another agent of this cluster, by its id. Its answer comes back later as a message from it.")
                    .parameters(JsonObjectSchema.builder().addStringProperty("to", "the id of the agent to write to")
                            .addStringProperty("text", "the message").required("to", "text").build())
                    .build();
        }

        @Override
        public Effect effect() {
            return Effect.POST;
        }

        @Override
        public String execute(ToolArguments arguments, ToolContext context) {
            String to = arguments.string("to");
            Optional<String> refused = messages.send(context.agentId(), context.event(), to, arguments.string("text"), context.idempotencyKey());
            if (refused.isPresent()) {
                throw new ToolException("message not sent: " + refused.get());
            }
            return "{\"sent\":true,\"to\":\"" + to + "\"}";
        }
    }
}
