package io.netsweep.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A name service for a netsweep process under test that answers nothing and writes down every question:
 * each lookup the JDK's {@link InetAddress} would have sent to the system resolver is appended to the
 * file named by the system property {@value #LOG_PROPERTY} and fails. Tests put it on a child JVM's class
 * path (with a {@code META-INF/services} entry they write themselves, so the test JVM keeps its own
 * resolver) to prove that an option never reaches DNS. Thread-safe.
 */
public final class DnsTripwire extends InetAddressResolverProvider {
    /** The system property naming the file that records lookups, one per line. */
    public static final String LOG_PROPERTY = "netsweep.test.dnsTripwire";

    @Override
    public InetAddressResolver get(Configuration configuration) {
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy lookupPolicy) throws UnknownHostException {
                record("name " + host);
                throw new UnknownHostException(host + ": no lookups under the tripwire");
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                record("address " + HexFormat.of().formatHex(addr));
                throw new UnknownHostException("no lookups under the tripwire");
            }
        };
    }

    @Override
    public String name() {
        return "netsweep-dns-tripwire";
    }

    private static synchronized void record(String what) {
        String log = System.getProperty(LOG_PROPERTY);
        if (log == null) {
            return;
        }
        try {
            Files.writeString(Path.of(log), what + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A program that makes one lookup, to show the tripwire catches them: {@code LookupOnce NAME}. */
    public static final class LookupOnce {
        private LookupOnce() {}

        public static void main(String[] args) {
            try {
                InetAddress.getByName(args[0]);
            } catch (UnknownHostException expected) {
                // the tripwire refuses it; the log says it was asked
            }
        }
    }
}
