package dev.agentry.testkit.contract;

import dev.agentry.core.CursorStore;
import dev.agentry.core.Journal;
import dev.agentry.core.Memory;
import org.junit.jupiter.api.Nested;

/**
 * The contracts of a store that provides a {@link Journal}, a {@link Memory} and a
 * {@link CursorStore} over one database: runs {@link JournalContractTest},
 * {@link MemoryContractTest} and {@link CursorStoreContractTest} as nested test classes against the
 * three parts, and lets a subclass add tests of its own store beside them.
 *
 * <p>Use: extend this class, implement the three factory methods (they may return the same
 * object), and for a durable store override {@link #restart()} to close the store and open it
 * again on the same data. JUnit creates a fresh instance of the subclass for every test, so a store
 * opened lazily in the factory methods and closed in an {@code @AfterEach} method of the subclass
 * serves one test.
 *
 * <pre>{@code
 * class MyStoreTest extends StoreContractTest {
 *     private MyStore store;
 *
 *     private MyStore store() { return store == null ? store = MyStore.open(url) : store; }
 *     protected Journal journal() { return store(); }
 *     protected Memory memory() { return store(); }
 *     protected CursorStore cursors() { return store(); }
 *     protected void restart() { store.close(); store = null; }
 *
 *     @AfterEach void close() { if (store != null) store.close(); }
 * }
 * }</pre>
 */
public abstract class StoreContractTest {

    /** Creates the contract; subclasses provide the store. */
    protected StoreContractTest() {}

    /**
     * Returns the store's journal; the same one until {@link #restart()} is called.
     *
     * @return the journal
     */
    protected abstract Journal journal();

    /**
     * Returns the store's memory; the same one until {@link #restart()} is called.
     *
     * @return the memory
     */
    protected abstract Memory memory();

    /**
     * Returns the store's cursors; the same one until {@link #restart()} is called.
     *
     * @return the cursor store
     */
    protected abstract CursorStore cursors();

    /**
     * Closes the store and opens it again on the same data, so that the factory methods return the
     * reopened parts. The default does nothing (a store that keeps nothing across a restart).
     */
    protected void restart() {}

    /** The journal contract against {@link #journal()}. */
    @Nested
    public class JournalContract extends JournalContractTest {
        /** Creates the nested contract over the outer store. */
        public JournalContract() {
            super(StoreContractTest.this::journal, StoreContractTest.this::restart);
        }
    }

    /** The memory contract against {@link #memory()}. */
    @Nested
    public class MemoryContract extends MemoryContractTest {
        /** Creates the nested contract over the outer store. */
        public MemoryContract() {
            super(StoreContractTest.this::memory, StoreContractTest.this::restart);
        }
    }

    /** The cursor store contract against {@link #cursors()}. */
    @Nested
    public class CursorContract extends CursorStoreContractTest {
        /** Creates the nested contract over the outer store. */
        public CursorContract() {
            super(StoreContractTest.this::cursors, StoreContractTest.this::restart);
        }
    }
}
