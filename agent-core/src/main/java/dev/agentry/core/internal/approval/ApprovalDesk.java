package dev.agentry.core.internal.approval;

import dev.agentry.core.Approval;
import dev.agentry.core.ApprovalQueue;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Journal;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.RuntimeEvent;
import dev.agentry.core.ToolCall;
import dev.agentry.core.internal.events.EventHub;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime's side of the approval queue: queues held calls, moves approvals from state to
 * state with the queue's compare-and-set, journals every decision (who, when, the note) as an
 * effect record keyed {@code approval:<id>} of tool {@code approval}, and tells listeners.
 * Thread-safe.
 *
 * @param queue where approvals wait
 * @param timeout how long one may stay pending
 * @param journal where decisions are journalled
 * @param events where they are published
 * @param clock the clock
 */
public record ApprovalDesk(ApprovalQueue queue, Duration timeout, Journal journal, EventHub events, Clock clock) {
    /** The tool name of the journal records of decisions. */
    public static final String JOURNAL_TOOL = "approval";
    /** Who decides an approval nobody decided in time. */
    public static final String TIMEOUT = "timeout";

    private static final int MAX_NOTE_CHARS = 500;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Queues a held call, or returns the approval queued before for the same call. */
    public Approval hold(PolicyRequest request, PolicyDecision decision, String arguments) {
        Instant now = clock.instant();
        Approval fresh = Approval.pending(newId(), request, decision, arguments, now.plus(timeout));
        Approval stored = queue.offer(fresh);
        if (stored.id().equals(fresh.id())) {
            events.publish(new RuntimeEvent.ApprovalRequested(stored.agentId(), stored, now));
        }
        return stored;
    }

    /** The approval of a call, if it was held before. */
    public Optional<Approval> forCall(String callKey) {
        return queue.findByKey(callKey);
    }

    /** Takes an approved call for running (APPROVED → EXECUTING); only one taker wins. */
    public boolean claim(Approval approval) {
        return queue.replace(Approval.Status.APPROVED, approval.with(Approval.Status.EXECUTING));
    }

    /** Records how an approved call ended; does nothing if that was recorded already. */
    public void executed(Approval approval, ToolCall call) {
        Approval done = approval.executed(call);
        if (queue.replace(Approval.Status.EXECUTING, done) || queue.replace(Approval.Status.APPROVED, done)) {
            events.publish(new RuntimeEvent.ApprovalDecided(done.agentId(), done, clock.instant()));
        }
    }

    /**
     * Decides a pending approval and journals the decision.
     *
     * @param id the approval
     * @param verdict {@link Approval.Status#APPROVED} or {@link Approval.Status#DENIED}
     * @param by who decides
     * @param note the operator's note
     * @return the decided approval
     * @throws IllegalArgumentException if there is no such approval or the verdict is neither
     * @throws IllegalStateException if it is not pending (decided before, or expired now)
     */
    public Approval decide(String id, Approval.Status verdict, String by, String note) {
        if (verdict != Approval.Status.APPROVED && verdict != Approval.Status.DENIED) {
            throw new IllegalArgumentException("an operator approves or denies; " + verdict + " is neither");
        }
        Approval current = queue.find(id).orElseThrow(() -> new IllegalArgumentException("no approval with id '" + id + "'"));
        if (current.status() == Approval.Status.PENDING && !clock.instant().isBefore(current.expiresAt())) {
            expire(current);
            current = queue.find(id).orElseThrow();
        }
        if (!current.status().pending()) {
            throw new IllegalStateException("approval " + id + " is " + current.status() + (current.decidedBy().map(b -> " (by " + b + ")").orElse(""))
                    + ", not pending");
        }
        Approval decided = current.decided(verdict, by, clip(note), clock.instant());
        if (!record(decided)) {
            throw new IllegalStateException("approval " + id + " was decided by someone else meanwhile");
        }
        return decided;
    }

    /** Denies every pending approval whose deadline has passed; returns how many. */
    public int expireDue() {
        Instant now = clock.instant();
        int expired = 0;
        for (Approval approval : queue.withStatus(Approval.Status.PENDING)) {
            if (!now.isBefore(approval.expiresAt()) && expire(approval)) {
                expired++;
            }
        }
        return expired;
    }

    /**
     * The approved calls that have not finished running: after a restart, those claimed by a run
     * that died are released (EXECUTING → APPROVED) so they can be claimed and run again.
     */
    public List<Approval> unfinished() {
        for (Approval claimed : queue.withStatus(Approval.Status.EXECUTING)) {
            queue.replace(Approval.Status.EXECUTING, claimed.with(Approval.Status.APPROVED));
        }
        return new ArrayList<>(queue.withStatus(Approval.Status.APPROVED));
    }

    private boolean expire(Approval approval) {
        return record(approval.decided(Approval.Status.EXPIRED, TIMEOUT, "nobody decided within " + timeout, clock.instant()));
    }

    private boolean record(Approval decided) {
        if (!queue.replace(Approval.Status.PENDING, decided)) {
            return false;
        }
        Instant at = decided.decidedAt().orElseThrow();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("approval.id", decided.id());
        details.put("call.key", decided.callKey());
        details.put("tool", decided.tool());
        details.put("decision", decided.status().name());
        details.put("by", decided.decidedBy().orElseThrow());
        details.put("note", decided.note().orElse(""));
        details.put("at", at.toString());
        journal.putEffect(new EffectRecord(JOURNAL_TOOL + ":" + decided.id(), decided.agentId(), decided.event().id(), JOURNAL_TOOL,
                EffectRecord.Status.DONE, details, List.of(),
                Optional.of(decided.status() + " by " + decided.decidedBy().orElseThrow() + " at " + at), at));
        events.publish(new RuntimeEvent.ApprovalDecided(decided.agentId(), decided, at));
        return true;
    }

    private static String clip(String note) {
        String text = note == null ? "" : note.strip();
        return text.length() <= MAX_NOTE_CHARS ? text : text.substring(0, MAX_NOTE_CHARS) + "…";
    }

    private static String newId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
