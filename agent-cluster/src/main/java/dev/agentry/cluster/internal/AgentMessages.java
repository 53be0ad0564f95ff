package dev.agentry.cluster.internal;

import dev.agentry.cluster.ClusterException;
import dev.agentry.core.Event;
import dev.agentry.core.Trust;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sends messages from one agent to another through the topic, so the receiver gets them in order
 * with its other events wherever it runs. Loops stop twice over: a message carries how many
 * agent-to-agent hops its conversation took, and one past the hop limit is not sent; and a
 * conversation may carry at most its budget of messages across the cluster. A message's id comes
 * from the idempotency key of the call that sends it, so sending again after a crash writes the
 * same event, which the receiver's inbox takes once. Thread-safe.
 */
public final class AgentMessages {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final TopicWriter writer;
    private final ConversationBudget budget;
    private final Set<String> agents;
    private final int hopLimit;
    private final int conversationBudget;

    /** Messages between the cluster's {@code agents}. */
    public AgentMessages(TopicWriter writer, ConversationBudget budget, Set<String> agents, int hopLimit, int conversationBudget) {
        this.writer = writer;
        this.budget = budget;
        this.agents = Set.copyOf(agents);
        this.hopLimit = hopLimit;
        this.conversationBudget = conversationBudget;
    }

    /**
     * Sends a message and waits until Kafka acknowledged it.
     *
     * @param from the sending agent
     * @param cause the event the sender is handling (its hops and conversation carry on)
     * @param to the receiving agent
     * @param text the message
     * @param idempotencyKey the key of the tool call or reply that sends it
     * @return empty when sent; otherwise why it was not sent (unknown agent, hop limit, budget)
     * @throws ClusterException if Kafka did not acknowledge it (it may still arrive, once)
     */
    public Optional<String> send(String from, Event cause, String to, String text, String idempotencyKey) {
        if (!agents.contains(to)) {
            return Optional.of("no agent '" + to + "' in this cluster; known: " + agents.stream().sorted().toList());
        }
        if (to.equals(from)) {
            return Optional.of("an agent does not send messages to itself");
        }
        boolean fromAgent = Envelope.AGENT_SOURCE.equals(cause.source());
        int hops = (fromAgent ? Integer.parseInt(cause.attributes().getOrDefault(Envelope.HOPS, "0")) : 0) + 1;
        String conversation = fromAgent ? cause.conversation() : "a2a:" + from + ":" + cause.id();
        if (hops > hopLimit) {
            return Optional.of("conversation " + conversation + " reached the hop limit of " + hopLimit + " agent-to-agent messages in a row");
        }
        String messageId = "a2a:" + sha256(idempotencyKey);
        if (!budget.admit(messageId, conversation, from, to, conversationBudget)) {
            return Optional.of("conversation " + conversation + " used its budget of " + conversationBudget + " agent-to-agent messages");
        }
        Event message = new Event(messageId, Envelope.AGENT_SOURCE, from, conversation, text, Trust.UNTRUSTED, Instant.now(),
                Map.of(Envelope.HOPS, Integer.toString(hops), Envelope.FROM_AGENT, from, Envelope.ORIGIN_TRUST, cause.trust().name()));
        if (!writer.sendAndWait(to, new Envelope(Envelope.Kind.AGENT_MESSAGE, message), ACK_TIMEOUT)) {
            throw new ClusterException("message " + messageId + " from " + from + " to " + to + " was not acknowledged by Kafka topic "
                    + writer.topic() + " within " + ACK_TIMEOUT.toSeconds() + " s");
        }
        return Optional.empty();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
