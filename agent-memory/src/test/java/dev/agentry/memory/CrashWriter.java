package dev.agentry.memory;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.MemoryItem;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Child process of {@link CrashTest}: writes forever, printing each acknowledged write, until killed. */
public final class CrashWriter {
    private CrashWriter() {}

    /**
     * Writes memories (one thread), journal entries (another) and turns (accept, remember, complete: a third) to a SQLite store.
     *
     * @param args the database file
     * @throws Exception never expected
     */
    public static void main(String[] args) throws Exception {
        AgentryStore store = AgentryStore.builder().sqlite(Path.of(args[0])).embeddingModel(new HashEmbeddingModel(64), "hash-64").build();
        Thread memories = Thread.ofPlatform().start(() -> {
            for (int i = 0; ; i++) {
                // remember() queues the write; flush() returns once it is committed
                store.remember(new MemoryItem("m-" + i, "crash", MemoryItem.Kind.MESSAGE, Optional.of("c"), "alice", "message " + i, 0.3,
                        Instant.now(), Map.of()));
                if (i % 3 == 2) {
                    store.flush();
                    for (int j = i - 2; j <= i; j++) {
                        ack("M m-" + j);
                    }
                }
            }
        });
        Thread turns = Thread.ofPlatform().start(() -> {
            // as the runtime does: accept an event, remember its messages (queued), complete the event
            for (int i = 0; ; i++) {
                store.accept("crash-turns", dev.agentry.testkit.contract.JournalContractTest.event("t-" + i));
                store.remember(new MemoryItem("tm-" + i, "crash-turns", MemoryItem.Kind.MESSAGE, Optional.of("t"), "bob", "turn " + i, 0.3,
                        Instant.now(), Map.of()));
                store.complete("crash-turns", "t-" + i);
                ack("T " + i);
            }
        });
        Thread journal = Thread.ofPlatform().start(() -> {
            for (int i = 0; ; i++) {
                store.accept("crash", dev.agentry.testkit.contract.JournalContractTest.event("e-" + i));
                ack("E e-" + i);
                store.putEffect(new EffectRecord("k-" + i, "crash", "e-" + i, "post", EffectRecord.Status.DONE, Map.of(), java.util.List.of(), Optional.of("ok"),
                        Instant.now()));
                ack("F k-" + i);
                store.put("cursor", Integer.toString(i));
                ack("C " + i);
            }
        });
        memories.join();
        journal.join();
        turns.join();
    }

    private static synchronized void ack(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
