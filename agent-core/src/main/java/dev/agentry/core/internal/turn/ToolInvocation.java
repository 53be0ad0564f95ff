package dev.agentry.core.internal.turn;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolCall;
import java.util.List;
import java.util.Optional;

/**
 * One tool call on its way along the {@link ToolPath}: what the model (or a direct caller) asked
 * for, and what each stage found out about it. Lives as long as the call; only the thread taking
 * the call along the path writes it.
 */
public final class ToolInvocation {
    private static final int MAX_NAME_CHARS = 200;

    private final Turn turn;
    private final String name;
    private final String rawArguments;
    private Tool tool;
    private ToolArguments arguments;
    private String redactedArguments;
    private String key = "";
    private Optional<EffectRecord> interrupted = Optional.empty();
    private CallContext context;
    private PolicyRequest request;
    private PolicyDecision decision;

    /**
     * A call as asked for.
     *
     * @param turn the turn it belongs to
     * @param name the tool name asked for (may be unknown)
     * @param rawArguments the arguments as JSON text (may be malformed)
     */
    public ToolInvocation(Turn turn, String name, String rawArguments) {
        this.turn = turn;
        this.name = name == null ? "" : name;
        this.rawArguments = rawArguments == null ? "" : rawArguments;
    }

    /** The turn. */
    public Turn turn() {
        return turn;
    }

    /** The tool name asked for. */
    public String name() {
        return name;
    }

    /** The arguments as sent. */
    public String rawArguments() {
        return rawArguments;
    }

    /** The tool, once validated. */
    public Tool tool() {
        return tool;
    }

    /** Whether validation found the tool. */
    public boolean hasTool() {
        return tool != null;
    }

    /** The parsed arguments, once validated. */
    public ToolArguments arguments() {
        return arguments;
    }

    /** The idempotency key, empty until the replay stage derives it. */
    public String key() {
        return key;
    }

    /** The journal record of an interrupted earlier attempt of this call, if any. */
    public Optional<EffectRecord> interrupted() {
        return interrupted;
    }

    /** The context the tool sees; exists once the key is known. */
    public CallContext context() {
        return context;
    }

    /** The request the policy decided on, once authorized. */
    public PolicyRequest request() {
        return request;
    }

    /** The policy's decision, once authorized. */
    public PolicyDecision decision() {
        return decision;
    }

    /** The spends declared before executing, empty until authorized. */
    public List<Spend> declaredSpends() {
        return request == null ? List.of() : request.spends();
    }

    void found(Tool knownTool) {
        this.tool = knownTool;
    }

    void parsed(ToolArguments parsedArguments, String redacted) {
        this.arguments = parsedArguments;
        this.redactedArguments = redacted;
    }

    void keyed(String idempotencyKey, Optional<EffectRecord> interruptedAttempt, CallContext callContext) {
        this.key = idempotencyKey;
        this.interrupted = interruptedAttempt;
        this.context = callContext;
    }

    void authorized(PolicyRequest policyRequest, PolicyDecision policyDecision) {
        this.request = policyRequest;
        this.decision = policyDecision;
    }

    /** The arguments as journalled and reported: redacted once parsed, else the raw text cut short. */
    String recordedArguments() {
        return redactedArguments != null ? redactedArguments : abbreviate(rawArguments);
    }

    /** The tool name as reported: cut short, since an unknown name comes from the model. */
    String reportedName() {
        return abbreviate(name);
    }

    /**
     * Finishes the call.
     *
     * @param verdict what was decided
     * @param rule the rule or step that decided
     * @param outcome how it ended
     * @param result the text for the model
     * @return the record of the call
     */
    ToolCall finish(ToolCall.Decision verdict, String rule, ToolCall.Outcome outcome, String result) {
        return new ToolCall(reportedName(), recordedArguments(), verdict, rule, outcome, result, key);
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_NAME_CHARS ? text : text.substring(0, MAX_NAME_CHARS) + "…";
    }
}
