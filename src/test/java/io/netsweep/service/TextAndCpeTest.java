package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextAndCpeTest {
    @Test
    void cpeVersionsAreQuotedAndEmptyOnesAreAny() {
        assertThat(Cpe.of("a", "influxdata", "influxdb", "1.6.7~rc0")).contains("cpe:2.3:a:influxdata:influxdb:1.6.7\\~rc0:*:*:*:*:*:*:*");
        assertThat(Cpe.of("a", "f5", "nginx", "")).contains("cpe:2.3:a:f5:nginx:*:*:*:*:*:*:*:*");
        assertThat(Cpe.of("x", "f5", "nginx", "1")).isEmpty();
    }

    @Test
    void cpeUriIsNmapsForm() {
        assertThat(Cpe.toUri("cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*")).isEqualTo("cpe:/a:openbsd:openssh:9.2p1");
        assertThat(Cpe.toUri("cpe:2.3:a:f5:nginx:*:*:*:*:*:*:*:*")).isEqualTo("cpe:/a:f5:nginx");
        assertThat(Cpe.toUri("cpe:2.3:a:influxdata:influxdb:1.6.7\\~rc0:*:*:*:*:*:*:*"))
                .isEqualTo("cpe:/a:influxdata:influxdb:1.6.7%7erc0");
    }

    @Test
    void bannerEscapesEveryByteOutsidePrintableAscii() {
        byte[] bytes = "A\r\n\t\\\u0000\u001b".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Sanitize.banner(bytes, bytes.length)).isEqualTo("A\\r\\n\\t\\\\\\x00\\x1b");
        byte[] long_ = new byte[Sanitize.MAX_BANNER_BYTES + 1];
        java.util.Arrays.fill(long_, (byte) 'x');
        assertThat(Sanitize.banner(long_, long_.length)).hasSize(Sanitize.MAX_BANNER_BYTES + 3).endsWith("x...");
    }

    @Test
    void reportKeepsAnEscapedBannerAsItIs() {
        ServiceReport r = new ServiceReport("unknown", java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.List.of(), java.util.Optional.empty(),
                java.util.Optional.of("a  b\\x00\u001b"), java.util.Optional.empty(), ServiceReport.Method.PROBED, 0, "test");
        assertThat(r.banner()).contains("a  b\\x00");
    }

    @Test
    void fieldsLoseControlAndInvisibleCharacters() {
        assertThat(Sanitize.field("ng\u001b[31minx\u202e \u200b 1.2\r\n", 200)).isEqualTo("ng[31minx 1.2");
        assertThat(Sanitize.matched("caf\u00c3\u00a9", 200)).isEqualTo("café");
    }

    @Test
    void chunkedHttpBodiesAreJoinedForPatterns() {
        byte[] raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n6\r\n world\r\n0\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        HttpAnswer answer = HttpAnswer.parse(raw).orElseThrow();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.ISO_8859_1)).isEqualTo("Hello world");
        assertThat(answer.truncated()).isFalse();
        assertThat(answer.text()).endsWith("\r\n\r\nHello world");
        assertThat(HttpAnswer.FRAMING.check(raw, raw.length)).isEqualTo(Framing.State.COMPLETE);
        assertThat(HttpAnswer.FRAMING.check(raw, raw.length - 5)).isEqualTo(Framing.State.INCOMPLETE);
        assertThat(HttpAnswer.parse("SSH-2.0-x\r\n".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
    }
}
