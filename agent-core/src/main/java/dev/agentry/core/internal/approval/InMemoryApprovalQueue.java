package dev.agentry.core.internal.approval;

import dev.agentry.core.Approval;
import dev.agentry.core.ApprovalQueue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ApprovalQueue#inMemory()}: approvals in insertion order, under one lock. Thread-safe. */
public final class InMemoryApprovalQueue implements ApprovalQueue {
    private final Map<String, Approval> byId = new LinkedHashMap<>();
    private final Map<String, String> idByKey = new LinkedHashMap<>();

    @Override
    public synchronized Approval offer(Approval approval) {
        String existing = idByKey.get(approval.callKey());
        if (existing != null) {
            return byId.get(existing);
        }
        if (byId.containsKey(approval.id())) {
            throw new IllegalArgumentException("an approval with id '" + approval.id() + "' exists for another call");
        }
        byId.put(approval.id(), approval);
        idByKey.put(approval.callKey(), approval.id());
        return approval;
    }

    @Override
    public synchronized Optional<Approval> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Approval> findByKey(String callKey) {
        return Optional.ofNullable(idByKey.get(callKey)).map(byId::get);
    }

    @Override
    public synchronized List<Approval> list(int limit) {
        List<Approval> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing(Approval::requestedAt).reversed());
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    @Override
    public synchronized List<Approval> withStatus(Approval.Status status) {
        return byId.values().stream().filter(a -> a.status() == status).sorted(Comparator.comparing(Approval::requestedAt)).toList();
    }

    @Override
    public synchronized boolean replace(Approval.Status expected, Approval updated) {
        Approval current = byId.get(updated.id());
        if (current == null || current.status() != expected || !current.callKey().equals(updated.callKey())) {
            return false;
        }
        byId.put(updated.id(), updated);
        return true;
    }
}
