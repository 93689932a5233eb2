package io.netsweep.target;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a hostname target into addresses, once, while a {@link TargetSet} is built. Injected into
 * {@link TargetSet#builder(HostResolver)} so the CLI, the web UI and tests choose how names are looked up.
 *
 * <p>Implementations must be safe to call from the building thread; they may block. A name that does
 * not resolve is a {@link TargetException} naming it (an empty list is treated the same way). A resolver
 * may hold resources for the names of one build (a DNS client): whoever makes it closes it after the build.
 */
@FunctionalInterface
public interface HostResolver extends AutoCloseable {

    /** The addresses of {@code hostname}, in preference order (first is the one scanned by default). */
    List<InetAddress> resolve(String hostname) throws TargetException;

    /** Frees what the resolver holds; idempotent. Nothing by default. */
    @Override
    default void close() {}

    /** The JDK's resolver ({@link InetAddress#getAllByName}): the machine's configured DNS and hosts file. */
    static HostResolver system() {
        return hostname -> {
            try {
                return List.of(InetAddress.getAllByName(hostname));
            } catch (UnknownHostException e) {
                throw new TargetException("cannot resolve target " + TargetException.quote(hostname) + ": unknown host", e);
            }
        };
    }

    /** Refuses every hostname: for address-only target lists (tests, the engine's internal sets). */
    static HostResolver none() {
        return hostname -> {
            throw new TargetException("cannot resolve target " + TargetException.quote(hostname)
                    + ": hostnames are not accepted here");
        };
    }
}
