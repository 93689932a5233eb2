package io.netsweep.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The order every scan's events must keep ({@link ScanEvent}'s contract), checked on a whole scan. */
final class EventOrder {
    private EventOrder() {}

    /** The host an event is about, if it is about one. */
    static Optional<InetAddress> host(ScanEvent e) {
        return switch (e) {
            case ScanEvent.HostUp h -> Optional.of(h.host().address());
            case ScanEvent.HostDown h -> Optional.of(h.address());
            case ScanEvent.PortObserved p -> Optional.of(p.address());
            case ScanEvent.HostnameResolved h -> Optional.of(h.address());
            case ScanEvent.ServiceIdentified s -> Optional.of(s.address());
            case ScanEvent.FindingRaised f -> Optional.of(f.address());
            case ScanEvent.HostCompleted c -> Optional.of(c.address());
            case ScanEvent.Started s -> Optional.empty();
            case ScanEvent.Progress p -> Optional.empty();
            case ScanEvent.Finished f -> Optional.empty();
            case ScanEvent.Cancelled c -> Optional.empty();
            case ScanEvent.Failed f -> Optional.empty();
        };
    }

    static boolean isTerminal(ScanEvent e) {
        return e instanceof ScanEvent.Finished || e instanceof ScanEvent.Cancelled || e instanceof ScanEvent.Failed;
    }

    /**
     * Asserts one scan's whole event stream: exactly one Started, first; exactly one terminal event,
     * last; per host, its first event (up or down) once and before anything else about it, and nothing
     * about it after its HostCompleted; after Finished, every host completed. Returns the hosts reported
     * and never completed, in the order they were reported.
     */
    static Set<InetAddress> assertWellFormed(List<ScanEvent> events) {
        assertThat(events).as("events").isNotEmpty();
        assertThat(events.getFirst()).as("first event").isInstanceOf(ScanEvent.Started.class);
        assertThat(events.stream().filter(ScanEvent.Started.class::isInstance).count()).as("Started events")
                .isEqualTo(1);
        assertThat(events.getLast()).as("last event").matches(EventOrder::isTerminal, "is terminal");
        assertThat(events.stream().filter(EventOrder::isTerminal).count()).as("terminal events").isEqualTo(1);
        Set<InetAddress> open = new LinkedHashSet<>();
        Set<InetAddress> completed = new HashSet<>();
        for (ScanEvent e : events) {
            Optional<InetAddress> about = host(e);
            if (about.isEmpty()) {
                continue;
            }
            InetAddress a = about.get();
            assertThat(completed).as("%s after its host completed", e).doesNotContain(a);
            switch (e) {
                case ScanEvent.HostUp h -> assertThat(open.add(a)).as("%s reported once", a).isTrue();
                case ScanEvent.HostDown h -> assertThat(open.add(a)).as("%s reported once", a).isTrue();
                case ScanEvent.HostCompleted c -> {
                    assertThat(open.remove(a)).as("%s completed after being reported", a).isTrue();
                    completed.add(a);
                }
                default -> assertThat(open).as("%s after its host was reported", e).contains(a);
            }
        }
        if (events.getLast() instanceof ScanEvent.Finished) {
            assertThat(open).as("hosts never completed in a finished scan").isEmpty();
        }
        return open;
    }
}
