package dev.agentry.core.internal.approval;

import dev.agentry.core.Approval;
import dev.agentry.core.ToolCall;
import dev.agentry.core.internal.turn.TurnInterruptedException;
import dev.agentry.core.internal.turn.TurnRunner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs what operators decide: an approved call goes through its agent's guarded path again, for
 * the same event and arguments (so with the same idempotency key: a call that ran before is
 * replayed, an interrupted one reconciled). In the background it denies approvals nobody decided
 * in time, and at start it runs approved calls a previous process did not finish. Thread-safe.
 */
public final class ApprovalWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApprovalWorker.class);

    private final ApprovalDesk desk;
    private final Function<String, Optional<TurnRunner>> runners;
    private volatile Thread sweeper;

    /**
     * Creates the worker.
     *
     * @param desk the desk
     * @param runners the turn runner of an agent id, empty when no such agent is registered
     */
    public ApprovalWorker(ApprovalDesk desk, Function<String, Optional<TurnRunner>> runners) {
        this.desk = desk;
        this.runners = runners;
    }

    /** The desk. */
    public ApprovalDesk desk() {
        return desk;
    }

    /** Approves a pending approval, journals it and runs the call on the caller's thread; returns the approval after. */
    public Approval approve(String id, String by, String note) {
        return run(desk.decide(id, Approval.Status.APPROVED, by, note));
    }

    /** Denies a pending approval and journals it. */
    public Approval deny(String id, String by, String note) {
        return desk.decide(id, Approval.Status.DENIED, by, note);
    }

    /**
     * Starts expiring overdue approvals, and runs approved calls left unfinished by an earlier
     * process. Which calls those are is settled before this returns, so an approval decided from
     * now on is never mistaken for one.
     */
    public synchronized void start() {
        if (sweeper != null) {
            return;
        }
        Duration every = Duration.ofMillis(Math.max(50, Math.min(1_000, desk.timeout().toMillis() / 4)));
        List<Approval> unfinished = desk.unfinished();
        sweeper = Thread.ofVirtual().name("agentry-approvals").start(() -> {
            unfinished.forEach(this::runLogged);
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    desk.expireDue();
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("expiring overdue approvals failed: {}", e.toString());
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.interrupt();
            sweeper = null;
        }
    }

    private void runLogged(Approval approval) {
        try {
            Approval after = run(approval);
            log.info("approved call {} of agent {} left unfinished by an earlier run: {}", approval.id(), approval.agentId(), after.status());
        } catch (RuntimeException e) {
            log.warn("running approved call {} of agent {} failed: {}", approval.id(), approval.agentId(), e.toString());
        }
    }

    private Approval run(Approval approved) {
        TurnRunner runner = runners.apply(approved.agentId()).orElseThrow(() -> new IllegalStateException(
                "approval " + approved.id() + " is for agent '" + approved.agentId() + "', which is not registered"));
        ToolCall call;
        try {
            call = runner.invokeTool(approved.event(), approved.tool(), approved.arguments());
        } catch (TurnInterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while approved call " + approved.id() + " ran; it runs again at the next start");
        }
        if (call.outcome() != ToolCall.Outcome.HELD) {
            desk.executed(approved, call);
        }
        return desk.queue().find(approved.id()).orElse(approved);
    }
}
