package io.netsweep.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One recorded service port from the service lab (src/test/resources/io/netsweep/service/recorded, written by
 * lab/svprobe.py record against real Debian daemons): what the daemon said unprompted and its answer to each
 * hello, bytes as ISO-8859-1 code points, and the ground truth (product, version, whether it discloses it).
 */
record Recorded(String file, String service, int port, boolean tls, String product, String version,
        boolean disclosesVersion, byte[] unprompted, List<Exchange> exchanges) {

    /** One hello the recorder sent and what came back. */
    record Exchange(String hello, byte[] sent, byte[] received) {}

    static final String DIRECTORY = "/io/netsweep/service/recorded";

    static List<Recorded> all() {
        try {
            Path dir = Path.of(Recorded.class.getResource(DIRECTORY).toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.toString().endsWith(".json")).sorted().map(Recorded::load).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Recorded load(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            JsonNode root = new ObjectMapper().readTree(in);
            byte[] unprompted = new byte[0];
            List<Exchange> exchanges = new ArrayList<>();
            for (JsonNode e : root.get("exchanges")) {
                String hello = e.get("hello").asText();
                byte[] sent = bytes(e.get("sent").asText());
                byte[] received = bytes(e.get("received").asText());
                if (hello.equals("unprompted")) {
                    unprompted = received;
                } else if (!hello.equals("banner")) {
                    exchanges.add(new Exchange(hello, sent, received));
                }
            }
            return new Recorded(path.getFileName().toString(), root.get("service").asText(), root.get("port").asInt(),
                    root.get("tls").asBoolean(), root.get("product").asText(), root.get("version").asText(),
                    root.get("disclosesVersion").asBoolean(), unprompted, List.copyOf(exchanges));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String isoText) {
        return isoText.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return file;
    }
}
