package dev.agentry.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyedLocksTest {

    @Test
    void callsWithOneKeyRunOneAtATimeWhileOtherKeysRunBeside() throws Exception {
        KeyedLocks locks = new KeyedLocks();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInsideSameKey = new AtomicInteger();
        CountDownLatch otherKeyRan = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofVirtual().start(() -> locks.withLock("same", () -> {
                mostInsideSameKey.accumulateAndGet(inside.incrementAndGet(), Math::max);
                holding.countDown();
                sleep(20);
                return inside.decrementAndGet();
            })));
        }
        holding.await();
        Thread.ofVirtual().start(() -> locks.withLock("other", () -> {
            otherKeyRan.countDown();
            return 0;
        }));
        assertThat(otherKeyRan.await(5, TimeUnit.SECONDS)).as("another key is not blocked").isTrue();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(mostInsideSameKey.get()).isEqualTo(1);
        assertThat(locks.size()).isZero();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
