package dev.agentry.core.internal.turn;

import dev.agentry.core.Approval;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.ToolCall;
import dev.agentry.core.internal.Json;
import dev.agentry.core.internal.approval.ApprovalDesk;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approve: a call the policy held ({@link PolicyDecision.Verdict#NEEDS_APPROVAL}) runs only with a
 * human's yes. Two ways to get it:
 *
 * <ul>
 *   <li>With an approval queue, the call does not wait: it is queued (once per call key) and the
 *       model hears that it is HELD. When an operator approves, the runtime runs the same call for
 *       the same event again; this stage then finds the approval APPROVED, claims it (only one
 *       claimant wins, so the call runs once) and lets it go on, and records how it ended. A call
 *       whose approval was denied or expired is denied. Calls whose arguments hold secret-looking
 *       values are denied rather than stored for approval.
 *   <li>Without one, the approval hook is asked on the turn's thread and may block up to the
 *       approval timeout; a refusal, a hook failure or an interrupt denies.
 * </ul>
 * Whenever the call does not go on now, what the policy reserved for it is released.
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
        if (agent.approvals().isPresent()) {
            return queued(agent.approvals().get(), call, next);
        }
        boolean approved = ask(call);
        agent.metrics().policyDecision(agent.agentId(), "approval", approved ? "APPROVED" : "REJECTED");
        if (approved) {
            return next.proceed(call);
        }
        return refuse(call, "it was not approved");
    }

    private ToolCall queued(ApprovalDesk desk, ToolInvocation call, Chain next) {
        Approval approval = desk.forCall(call.key()).orElse(null);
        if (approval == null) {
            if (!call.recordedArguments().equals(Json.MAPPER.writeValueAsString(call.arguments().json()))) {
                return refuse(call, "its arguments hold secret-looking values, which are never stored for approval");
            }
            Approval held = desk.hold(call.request(), call.decision(), call.recordedArguments());
            agent.metrics().policyDecision(agent.agentId(), "approval", "HELD");
            return held(call, "error: held for a human's approval (approval " + held.id() + "): " + call.decision().reason()
                    + ". Nothing was done yet; it runs if an operator approves it before " + held.expiresAt()
                    + ". Tell the requester it awaits approval; do not retry it.");
        }
        return switch (approval.status()) {
            case PENDING -> held(call, "error: still awaiting a human's approval (approval " + approval.id() + "); do not retry it");
            case APPROVED -> desk.claim(approval) ? runApproved(desk, approval, call, next)
                    : held(call, "error: the approved call is being run already (approval " + approval.id() + ")");
            case EXECUTING -> held(call, "error: the approved call is being run already (approval " + approval.id() + ")");
            case EXECUTED -> refuse(call, "its approval " + approval.id() + " was used already (the call ended "
                    + approval.outcome().map(Enum::name).orElse("?") + ")");
            case DENIED, EXPIRED -> refuse(call, "it was " + approval.status().name().toLowerCase() + " by "
                    + approval.decidedBy().orElse("?") + approval.note().filter(n -> !n.isBlank()).map(n -> " (" + n + ")").orElse(""));
        };
    }

    private ToolCall runApproved(ApprovalDesk desk, Approval approval, ToolInvocation call, Chain next) {
        agent.metrics().policyDecision(agent.agentId(), "approval", "APPROVED");
        ToolCall ended = next.proceed(call);
        desk.executed(approval, ended);
        return ended;
    }

    private ToolCall held(ToolInvocation call, String result) {
        agent.policy().completed(call.request(), List.of());
        return call.finish(ToolCall.Decision.NEEDS_APPROVAL, call.decision().rule(), ToolCall.Outcome.HELD, result);
    }

    private ToolCall refuse(ToolInvocation call, String why) {
        agent.policy().completed(call.request(), List.of());
        DenialLog.denied(agent.agentId(), call, "approval");
        return call.finish(ToolCall.Decision.NEEDS_APPROVAL, call.decision().rule(), ToolCall.Outcome.DENIED,
                "error: denied by policy rule 'approval': " + call.decision().reason() + ", and " + why);
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
