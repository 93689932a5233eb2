package io.netsweep.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.ScanType;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ShardMark;
import io.netsweep.scan.WorkSplit;
import io.netsweep.target.Shard;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/** A part of a sharded scan says which part it is, of which scan, in every output that has room for it. */
class ShardOutputTest {
    private static final String HASH = "ab".repeat(32);
    private static final ShardMark MARK = new ShardMark(new Shard(2, 8), WorkSplit.Kind.ADDRESS, -42, HASH);

    private static ScanEvent.Started started(Optional<ShardMark> mark) {
        return new ScanEvent.Started(Scans.T0, "netsweep --seed -42 --shard 2/8 10.0.0.0/24", 32, PortSet.of(22, 80),
                DiscoveryMethod.ICMP_RAW, ScanType.CONNECT, false, mark);
    }

    private static String write(ScanListener writer, StringWriter out, ScanEvent.Started s) {
        writer.onEvent(s);
        writer.onEvent(new ScanEvent.Finished(Scans.summary(1, 32, 0, 0)));
        return out.toString();
    }

    private static JsonNode json(Optional<ShardMark> mark) throws Exception {
        StringWriter out = new StringWriter();
        return new ObjectMapper().readTree(write(new JsonLinesWriter(out), out, started(mark)).lines().findFirst()
                .orElseThrow());
    }

    private static String xml(Optional<ShardMark> mark) {
        StringWriter out = new StringWriter();
        return write(new NmapXmlWriter(out, "test", ZoneOffset.UTC, InstantSource.fixed(Scans.T0)), out, started(mark));
    }

    private static String grepable(Optional<ShardMark> mark) {
        StringWriter out = new StringWriter();
        return write(new GrepableWriter(out, "test", ZoneOffset.UTC, InstantSource.fixed(Scans.T0), false), out,
                started(mark));
    }

    @Test
    void theJsonStartedEventNamesThePartTheSplitTheSeedAndTheOptionsHash() throws Exception {
        JsonNode n = json(Optional.of(MARK));
        assertThat(n.get("shard").asText()).isEqualTo("2/8");
        assertThat(n.get("shard_index").asInt()).isEqualTo(2);
        assertThat(n.get("shard_count").asInt()).isEqualTo(8);
        assertThat(n.get("split").asText()).isEqualTo("address");
        assertThat(n.get("seed").asText()).isEqualTo("-42");
        assertThat(n.get("options_hash").asText()).isEqualTo(HASH);
    }

    @Test
    void aWholeScanHasTheSameKeysWithNulls() throws Exception {
        JsonNode n = json(Optional.empty());
        for (String key : new String[] {"shard", "shard_index", "shard_count", "split", "seed", "options_hash"}) {
            assertThat(n.has(key)).as(key).isTrue();
            assertThat(n.get(key).isNull()).as(key).isTrue();
        }
        assertThat(xml(Optional.empty())).doesNotContain("netsweep-shard");
        assertThat(grepable(Optional.empty())).doesNotContain("# netsweep shard");
    }

    @Test
    void theXmlHasAShardElementThatParses() throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml(Optional.of(MARK)))));
        Element e = (Element) doc.getElementsByTagName("netsweep-shard").item(0);
        assertThat(e.getAttribute("shard")).isEqualTo("2/8");
        assertThat(e.getAttribute("index")).isEqualTo("2");
        assertThat(e.getAttribute("count")).isEqualTo("8");
        assertThat(e.getAttribute("split")).isEqualTo("address");
        assertThat(e.getAttribute("seed")).isEqualTo("-42");
        assertThat(e.getAttribute("options-hash")).isEqualTo(HASH);
    }

    @Test
    void theGrepableHeaderHasAShardComment() {
        assertThat(grepable(Optional.of(MARK)).lines().toList().get(1))
                .isEqualTo("# netsweep shard 2/8 split address seed -42 options-hash " + HASH);
    }
}
