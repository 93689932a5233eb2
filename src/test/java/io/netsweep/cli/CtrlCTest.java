package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanSession;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What Ctrl-C does at each stage of a run, the signal played by calling {@link CtrlC#interrupted}; that
 * a real process does it at any instant is {@link InterruptTest}'s business.
 */
class CtrlCTest {
    private final List<String> ended = new CopyOnWriteArrayList<>();
    private final CtrlC ctrlC = CtrlC.of(code -> ended.add("exit " + code), code -> ended.add("halt " + code));

    private static final class Session implements ScanSession {
        final AtomicInteger cancels = new AtomicInteger();

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }

        @Override
        public boolean await(Duration timeout) {
            return true;
        }

        @Override
        public Optional<ScanEvent> outcome() {
            return Optional.empty();
        }
    }

    @Test
    void beforeAnyOutputItEndsTheProcessAndNoOutputIsOpened() {
        ctrlC.interrupted();
        assertThat(ended).containsExactly("exit 130");
        assertThat(ctrlC.beginOutputs()).isFalse();
    }

    @Test
    void whileOutputsAreOpenedItWaitsForTheScanAndCancelsIt() {
        assertThat(ctrlC.beginOutputs()).isTrue();
        ctrlC.interrupted();
        assertThat(ended).isEmpty();
        Session s = new Session();
        ctrlC.attach(s);
        assertThat(s.cancels).hasValue(1);
        assertThat(ended).isEmpty();
    }

    @Test
    void duringTheScanItCancelsIt() {
        assertThat(ctrlC.beginOutputs()).isTrue();
        Session s = new Session();
        ctrlC.attach(s);
        assertThat(s.cancels).hasValue(0);
        ctrlC.interrupted();
        assertThat(s.cancels).hasValue(1);
        assertThat(ended).isEmpty();
    }

    @Test
    void aSecondOneLeavesAtOnce() {
        assertThat(ctrlC.beginOutputs()).isTrue();
        ctrlC.attach(new Session());
        ctrlC.interrupted();
        ctrlC.interrupted();
        assertThat(ended).containsExactly("halt 130");
    }
}
