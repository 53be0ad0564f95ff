/**
 * Contract tests for stores: abstract JUnit 5 classes that a store implementation extends to prove
 * it behaves as the runtime expects. {@link dev.agentry.testkit.contract.JournalContractTest} for a
 * {@code Journal}, {@link dev.agentry.testkit.contract.CursorStoreContractTest} for a
 * {@code CursorStore}, {@link dev.agentry.testkit.contract.MemoryContractTest} for a {@code Memory},
 * and {@link dev.agentry.testkit.contract.StoreContractTest} for a store that provides all three over
 * one database (it runs the three contracts as nested test classes). Add {@code agent-testkit} as a
 * test dependency, extend the class, implement the factory methods; every inherited test then runs
 * against your store.
 */
package dev.agentry.testkit.contract;
