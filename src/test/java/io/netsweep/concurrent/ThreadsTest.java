package io.netsweep.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadsTest {
    @Test
    void anInterruptedJoinStillWaitsForEveryThreadAndKeepsTheInterrupt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch waiting = new CountDownLatch(1);
        List<Thread> workers = List.of(Thread.ofPlatform().start(() -> awaitQuietly(release)),
                Thread.ofPlatform().start(() -> awaitQuietly(release)));
        boolean[] sawInterrupt = new boolean[1];
        boolean[] allEnded = new boolean[1];
        Thread joiner = Thread.ofPlatform().start(() -> {
            waiting.countDown();
            Threads.joinUninterruptibly(workers);
            allEnded[0] = workers.stream().noneMatch(Thread::isAlive);
            sawInterrupt[0] = Thread.currentThread().isInterrupted();
        });
        assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
        // Interrupted while the workers still run: the join goes on waiting.
        while (joiner.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        joiner.interrupt();
        assertThat(joiner.join(java.time.Duration.ofMillis(200))).as("still waiting for the workers").isFalse();
        release.countDown();
        joiner.join();
        assertThat(allEnded[0]).isTrue();
        assertThat(sawInterrupt[0]).as("the interrupt is restored").isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
