package io.netsweep.web;

import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSession;
import io.netsweep.scan.Scanner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A scan engine the test drives event by event: each scan reports exactly what the test
 * {@link Session#emit emits}, when it emits it, so a test decides when a scan ends. Cancelling ends
 * the scan with {@code Cancelled}. Events reach the listener one at a time, in order. Thread-safe.
 */
final class ManualScanner implements Scanner {
    private final List<Session> sessions = new ArrayList<>();

    @Override
    public synchronized ScanSession start(ScanRequest request, ScanListener listener) {
        Session s = new Session(listener);
        sessions.add(s);
        return s;
    }

    synchronized Session session(int index) {
        return sessions.get(index);
    }

    static final class Session implements ScanSession {
        private final ScanListener listener;
        private final CountDownLatch ended = new CountDownLatch(1);
        private ScanEvent outcome;

        Session(ScanListener listener) {
            this.listener = listener;
        }

        /** Reports {@code events} to the scan's listener, in order, on the calling thread. */
        synchronized Session emit(ScanEvent... events) {
            for (ScanEvent e : events) {
                if (outcome != null) {
                    return this;
                }
                listener.onEvent(e);
                if (e instanceof ScanEvent.Finished || e instanceof ScanEvent.Cancelled || e instanceof ScanEvent.Failed) {
                    outcome = e;
                    ended.countDown();
                }
            }
            return this;
        }

        @Override
        public void cancel() {
            emit(Events.cancelled());
        }

        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public synchronized Optional<ScanEvent> outcome() {
            return Optional.ofNullable(outcome);
        }
    }
}
