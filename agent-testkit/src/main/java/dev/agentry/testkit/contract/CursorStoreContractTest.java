package dev.agentry.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.CursorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The {@link CursorStore} contract: empty before the first write, the last write wins, keys are
 * independent, a null cursor is refused, concurrent writers to different keys never lose a write,
 * and (for durable stores) cursors survive a reopen.
 *
 * <p>Use: extend this class in your test sources, return the store from {@link #store()}, and
 * for a durable store override {@link #restart()}. Keys are random per test, so one store may
 * serve every test.
 */
public abstract class CursorStoreContractTest extends ContractTest<CursorStore> {
    private final String prefix = "feed:" + agent + ":";

    /** A contract whose subclass overrides {@link #store()}. */
    protected CursorStoreContractTest() {}

    /**
     * A contract over a cursor store given by functions.
     *
     * @param cursors returns the cursor store under test
     * @param restart closes the store and opens it again on the same data
     */
    protected CursorStoreContractTest(Supplier<CursorStore> cursors, Runnable restart) {
        super(cursors, restart);
    }

    /** A cursor is empty before its first write and the last write wins. */
    @Test
    public void cursorsOverwrite() {
        CursorStore c = store();
        String key = prefix + "mentions";
        assertThat(c.get(key)).isEmpty();
        c.put(key, "100");
        c.put(key, "105");
        assertThat(c.get(key)).contains("105");
    }

    /** Keys are independent, and a null cursor is refused without changing the stored one. */
    @Test
    public void keysAreIndependentAndNullIsRefused() {
        CursorStore c = store();
        c.put(prefix + "a", "1");
        c.put(prefix + "b", "2");
        assertThat(c.get(prefix + "a")).contains("1");
        assertThat(c.get(prefix + "b")).contains("2");
        assertThatThrownBy(() -> c.put(prefix + "a", null)).isInstanceOf(NullPointerException.class);
        assertThat(c.get(prefix + "a")).contains("1");
    }

    /** Four threads writing their own keys 50 times each: every key holds its last value. */
    @Test
    public void concurrentWritersToDifferentKeysLoseNothing() throws Exception {
        CursorStore c = store();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String key = prefix + "t" + t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50; i++) {
                    c.put(key, Integer.toString(i));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int t = 0; t < 4; t++) {
            assertThat(c.get(prefix + "t" + t)).contains("49");
        }
    }

    /** After {@link #restart()}, the last written cursor is still there. */
    @Test
    public void cursorsSurviveReopen() {
        store().put(prefix + "durable", "42");
        store().put(prefix + "durable", "43");
        assertThat(reopen().get(prefix + "durable")).contains("43");
    }
}
