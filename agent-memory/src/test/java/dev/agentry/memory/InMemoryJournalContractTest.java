package dev.agentry.memory;

import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Journal;
import dev.agentry.testkit.contract.JournalContractTest;

/** The journal contract against core's {@link InMemoryJournal}: the reference behaviour. */
class InMemoryJournalContractTest extends JournalContractTest {
    private final InMemoryJournal journal = new InMemoryJournal();

    @Override
    protected Journal store() {
        return journal;
    }
}
