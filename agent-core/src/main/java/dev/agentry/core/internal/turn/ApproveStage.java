package dev.agentry.core.internal.turn;

import dev.agentry.core.PolicyDecision;
import dev.agentry.core.ToolCall;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approve: a call the policy held ({@link PolicyDecision.Verdict#NEEDS_APPROVAL}) runs only if the
 * approval hook says yes within the approval timeout. A refusal, a hook failure or an interrupt
 * denies it and releases what the policy reserved for it.
 */
public final class ApproveStage implements ToolStage {
    private static final Logger log = LoggerFactory.getLogger(ApproveStage.class);

    private final AgentWiring agent;

    /** Creates the stage for one agent. */
    public ApproveStage(AgentWiring agent) {
        this.agent = agent;
    }

    @Override
    public ToolCall intercept(ToolInvocation call, Chain next) {
        PolicyDecision decision = call.decision();
        if (decision.verdict() != PolicyDecision.Verdict.NEEDS_APPROVAL) {
            return next.proceed(call);
        }
        boolean approved = ask(call);
        agent.metrics().policyDecision(agent.agentId(), "approval", approved ? "APPROVED" : "REJECTED");
        if (approved) {
            return next.proceed(call);
        }
        agent.policy().completed(call.request(), List.of());
        DenialLog.denied(agent.agentId(), call, "approval");
        return call.finish(ToolCall.Decision.NEEDS_APPROVAL, decision.rule(), ToolCall.Outcome.DENIED,
                "error: denied by policy rule 'approval': " + decision.reason() + ", and it was not approved");
    }

    private boolean ask(ToolInvocation call) {
        try {
            return agent.approvalHook().approve(call.request(), call.decision(), agent.approvalTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            log.warn("approval hook failed for agent {} tool {}: {}", agent.agentId(), call.tool().name(), ResultText.describe(e));
            return false;
        }
    }
}
