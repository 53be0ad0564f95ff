package dev.agentry.testkit.contract;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the store contracts share: the store under test, a way to reopen it, and a random agent id
 * per test so that tests sharing one database stay apart.
 *
 * <p>A contract gets its store one of two ways. A subclass made with the no-argument constructor
 * overrides {@link #store()} (and {@link #restart()} for a durable store); a contract made with
 * {@link #ContractTest(Supplier, Runnable)} is handed both as functions, as
 * {@link StoreContractTest}'s nested contracts are.
 *
 * @param <S> the kind of store
 */
public abstract class ContractTest<S> {
    /** The agent this test writes as: random, so tests sharing one database stay apart. */
    protected final String agent = "agent-" + UUID.randomUUID();
    private final Supplier<S> store;
    private final Runnable restart;

    /** A contract whose subclass overrides {@link #store()}. */
    protected ContractTest() {
        this.store = null;
        this.restart = () -> {};
    }

    /**
     * A contract over a store given by functions.
     *
     * @param store returns the store under test
     * @param restart closes the store and opens it again on the same data
     */
    protected ContractTest(Supplier<S> store, Runnable restart) {
        this.store = Objects.requireNonNull(store, "store");
        this.restart = Objects.requireNonNull(restart, "restart");
    }

    /**
     * Returns the store under test; called several times per test, it must return the same store
     * until {@link #restart()} is called. Override it when using the no-argument constructor.
     *
     * @return the store
     * @throws IllegalStateException if neither overridden nor given to the constructor
     */
    protected S store() {
        if (store == null) {
            throw new IllegalStateException(getClass().getName() + " must override store() or pass the store to the constructor");
        }
        return store.get();
    }

    /**
     * Closes the store and opens it again on the same data, so that {@link #store()} returns the
     * reopened store. The default does nothing: a store that keeps nothing across a restart passes
     * the durability tests trivially.
     */
    protected void restart() {
        restart.run();
    }

    /**
     * Restarts the store and returns it.
     *
     * @return the reopened store
     */
    protected final S reopen() {
        restart();
        return store();
    }
}
