package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.identify.IdentifyOptions;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServiceDetectorLifecycleTest {

    @Test
    void noMorePortsAreProbedAtOnceThanAllowed() throws Exception {
        // Six SSH servers that hold their greeting until released. With two ports allowed at once, the engine
        // works through its plan on two of them (greeting wait, HTTP on that connection, then a TLS handshake
        // on a second one, seconds later) and the other four see no connection until a port is finished.
        List<ScriptedListener> listeners = new ArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        Set<Integer> portsConnected = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicInteger> connectionsPerPort = new ConcurrentHashMap<>();
        DetectOptions options = DetectOptions.defaults().withPortDeadline(Duration.ofSeconds(30)).withMaxConcurrent(2);
        try (ServiceDetector detector = new ServiceDetector(options)) {
            for (int i = 0; i < 6; i++) {
                listeners.add(new ScriptedListener((socket, in) -> {
                    portsConnected.add(socket.getLocalPort());
                    connectionsPerPort.computeIfAbsent(socket.getLocalPort(), p -> new AtomicInteger()).incrementAndGet();
                    release.await(60, TimeUnit.SECONDS);
                    socket.getOutputStream().write("SSH-2.0-OpenSSH_9.2p1\r\n".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    ScriptedListener.drain(in);
                }));
            }
            List<CompletableFuture<Optional<ServiceReport>>> results = new ArrayList<>();
            for (ScriptedListener l : listeners) {
                results.add(detector.detect(l.address(), l.port()).toCompletableFuture());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (connectionsPerPort.values().stream().noneMatch(n -> n.get() >= 2)) {
                assertThat(System.nanoTime() - deadline).as("the engine moved on to a second probe").isNegative();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // polling a condition, with the deadline above
            }
            assertThat(portsConnected).as("ports with a connection while two are in flight").hasSize(2);
            release.countDown();
            for (CompletableFuture<Optional<ServiceReport>> r : results) {
                assertThat(r.get(120, TimeUnit.SECONDS).flatMap(ServiceReport::product)).contains("OpenSSH");
            }
            assertThat(portsConnected).hasSize(6);
        } finally {
            release.countDown();
            for (ScriptedListener l : listeners) {
                l.close();
            }
        }
    }

    @Test
    void closingStopsProbesInFlightAndCompletesThemEmpty() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        CountDownLatch hungUp = new CountDownLatch(1);
        try (ScriptedListener silent = new ScriptedListener((socket, in) -> {
            connected.countDown();
            ScriptedListener.drain(in);
            hungUp.countDown();
        })) {
            ServiceDetector detector = new ServiceDetector(DetectOptions.defaults().withPortDeadline(Duration.ofSeconds(60)));
            CompletableFuture<Optional<ServiceReport>> pending =
                    detector.detect(silent.address(), silent.port()).toCompletableFuture();
            assertThat(connected.await(30, TimeUnit.SECONDS)).isTrue();
            detector.close();
            detector.close();
            assertThat(pending.get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(hungUp.await(10, TimeUnit.SECONDS)).as("the probe's socket was closed").isTrue();
        }
    }

    @Test
    void detectingAfterCloseGivesNothingWithoutConnecting() throws Exception {
        try (ScriptedListener listener = new ScriptedListener((socket, in) -> ScriptedListener.drain(in))) {
            ServiceDetector detector = new ServiceDetector(DetectOptions.defaults());
            detector.close();
            assertThat(detector.detect(listener.address(), listener.port()).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isEmpty();
            assertThat(listener.connections()).isZero();
        }
    }

    @Test
    void badArgumentsAreRejectedAtOnce() {
        try (ServiceDetector detector = new ServiceDetector(DetectOptions.defaults())) {
            assertThatThrownBy(() -> detector.detect(InetAddress.getLoopbackAddress(), 0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> detector.detect(InetAddress.getLoopbackAddress(), 65536))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        DetectOptions d = DetectOptions.defaults();
        IdentifyOptions ai = IdentifyOptions.defaults();
        assertThatThrownBy(() -> new DetectOptions(Duration.ZERO, d.bannerWait(), d.quickBannerWait(), d.exchangeWait(),
                8, 65536, 4, ai)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DetectOptions(d.portDeadline(), d.bannerWait(), d.quickBannerWait(),
                d.exchangeWait(), 0, 65536, 4, ai)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DetectOptions(d.portDeadline(), d.bannerWait(), d.quickBannerWait(),
                d.exchangeWait(), 8, 100, 4, ai)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DetectOptions(d.portDeadline(), d.bannerWait(), d.quickBannerWait(),
                d.exchangeWait(), 8, 65536, 0, ai)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        DetectOptions d = DetectOptions.defaults();
        assertThat(d.portDeadline()).isEqualTo(Duration.ofSeconds(6));
        assertThat(d.maxBytes()).isEqualTo(64 * 1024);
        assertThat(d.maxExchanges()).isEqualTo(8);
        assertThat(d.maxConcurrent()).isEqualTo(32);
    }
}
