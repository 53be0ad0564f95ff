package dev.agentry.core.internal.turn;

import dev.agentry.core.Effect;
import dev.agentry.core.Policy;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.RuntimeEvent;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolCall;
import dev.agentry.core.ToolException;
import dev.agentry.core.Trust;
import java.util.List;

/**
 * Authorize: decides whether the call may run, in an order that keeps untrusted authors away from
 * everything the tool does. First the trust gates: the runtime's {@link TrustFloor} and the
 * policy's {@link Policy#offers}; a call refused there is refused before the tool's
 * {@link Tool#spends} is asked anything (it may query a chain). Then the tool declares its spends,
 * and the policy's {@link Policy#decide} is asked exactly once.
 *
 * <p>One shortcut: a FUNDS or POST call whose earlier attempt was interrupted (STARTED in the
 * journal) resumes without a second decision, because its reservation already counts in the
 * policy's windows and the tool must reconcile rather than act again. The trust gates still apply,
 * and a SIGN call is always decided again: a signature has no reconciliation.
 */
public final class AuthorizeStage implements ToolStage {
    private final AgentWiring agent;

    /** Creates the stage for one agent. */
    public AuthorizeStage(AgentWiring agent) {
        this.agent = agent;
    }

    @Override
    public ToolCall intercept(ToolInvocation call, Chain next) {
        Tool tool = call.tool();
        Trust trust = call.turn().event().trust();
        if (!TrustFloor.admits(tool.effect(), trust)) {
            return deny(call, TrustFloor.RULE, TrustFloor.reason(tool.name()));
        }
        if (!agent.policy().offers(agent.agentId(), tool, trust)) {
            PolicyDecision refused = agent.policy().decide(request(call, List.of()));
            return refused.allowed()
                    ? deny(call, "not-offered", "tool '" + tool.name() + "' is not available for this request")
                    : deny(call, refused.rule(), refused.reason());
        }
        List<Spend> spends;
        try {
            spends = tool.spends(call.arguments(), call.context());
        } catch (ToolException e) {
            return call.finish(ToolCall.Decision.INVALID, "spends", ToolCall.Outcome.INVALID, ResultText.error(e.getMessage()));
        }
        PolicyRequest request = request(call, spends);
        PolicyDecision decision = resumes(call)
                ? new PolicyDecision(PolicyDecision.Verdict.ALLOW, "resume", "resuming an interrupted call")
                : agent.policy().decide(request);
        call.authorized(request, decision);
        if (decision.verdict() == PolicyDecision.Verdict.DENY) {
            return deny(call, decision.rule(), decision.reason());
        }
        agent.metrics().policyDecision(agent.agentId(), decision.rule(), decision.verdict().name());
        decided(call, ToolCall.Decision.valueOf(decision.verdict().name()), decision.rule(), decision.reason());
        return next.proceed(call);
    }

    private static boolean resumes(ToolInvocation call) {
        Effect effect = call.tool().effect();
        return call.interrupted().isPresent() && (effect == Effect.FUNDS || effect == Effect.POST);
    }

    private PolicyRequest request(ToolInvocation call, List<Spend> spends) {
        return new PolicyRequest(agent.agentId(), call.tool().name(), call.tool().effect(), call.turn().event(), call.arguments(),
                spends, call.key(), agent.clock().instant());
    }

    private void decided(ToolInvocation call, ToolCall.Decision decision, String rule, String reason) {
        agent.publish(new RuntimeEvent.ToolCallDecided(agent.agentId(), call.turn().id(), call.tool().name(), call.recordedArguments(),
                decision, rule, reason, call.declaredSpends(), call.key(), agent.clock().instant()));
    }

    private ToolCall deny(ToolInvocation call, String rule, String reason) {
        agent.metrics().policyDecision(agent.agentId(), rule, PolicyDecision.Verdict.DENY.name());
        decided(call, ToolCall.Decision.DENY, rule, reason);
        DenialLog.denied(agent.agentId(), call, rule);
        return call.finish(ToolCall.Decision.DENY, rule, ToolCall.Outcome.DENIED, "error: denied by policy rule '" + rule + "': " + reason);
    }
}
