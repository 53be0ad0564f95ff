package dev.agentry.memory;

import dev.agentry.core.CursorStore;
import dev.agentry.testkit.contract.CursorStoreContractTest;

/** The cursor contract against core's {@link CursorStore#inMemory()}: the reference behaviour. */
class InMemoryCursorStoreContractTest extends CursorStoreContractTest {
    private final CursorStore cursors = CursorStore.inMemory();

    @Override
    protected CursorStore store() {
        return cursors;
    }
}
