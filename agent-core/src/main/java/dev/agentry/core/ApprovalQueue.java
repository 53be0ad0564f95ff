package dev.agentry.core;

import dev.agentry.core.internal.approval.InMemoryApprovalQueue;
import java.util.List;
import java.util.Optional;

/**
 * Where held tool calls wait for an operator: the storage behind the runtime's approvals (see
 * {@link AgentRuntimeBuilder#approvalQueue}). The runtime keeps one {@link Approval} per call key
 * and moves it from state to state only with {@link #replace}, a compare-and-set on the status,
 * so two operators (or an operator and a restart) cannot both run the same call.
 *
 * <p>{@link #inMemory()} forgets everything on restart; {@code agent-console}'s
 * {@code JdbcApprovalQueue} keeps approvals in a database file, so a pending approval survives a
 * restart. Implementations must be thread-safe; durable ones must have persisted a write when the
 * method returns. Applications read approvals here but decide them through
 * {@link AgentRuntime#approve} and {@link AgentRuntime#deny}, which also journal the decision and
 * run the call.
 */
public interface ApprovalQueue {

    /**
     * Stores a new approval, unless one exists for its call key.
     *
     * @param approval the pending approval
     * @return the stored approval: the new one, or the one already stored for the call key
     */
    Approval offer(Approval approval);

    /**
     * Finds an approval by id.
     *
     * @param id the approval's id
     * @return the approval, if any
     */
    Optional<Approval> find(String id);

    /**
     * Finds the approval of a call.
     *
     * @param callKey the call's idempotency key
     * @return the approval, if any
     */
    Optional<Approval> findByKey(String callKey);

    /**
     * Lists approvals, newest first.
     *
     * @param limit how many at most, at least 1
     * @return the approvals
     */
    List<Approval> list(int limit);

    /**
     * Lists the approvals in one state, oldest first.
     *
     * @param status the state
     * @return the approvals
     */
    List<Approval> withStatus(Approval.Status status);

    /**
     * Replaces an approval if it is still in the expected state.
     *
     * @param expected the state it must be in now
     * @param updated the new version, with the same id
     * @return {@code true} if replaced, {@code false} if it was in another state or is unknown
     */
    boolean replace(Approval.Status expected, Approval updated);

    /**
     * Returns a queue kept in memory: approvals are lost on restart.
     *
     * @return a new queue
     */
    static ApprovalQueue inMemory() {
        return new InMemoryApprovalQueue();
    }
}
