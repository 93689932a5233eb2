package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SseFrameTest {

    @Test
    void lineBreaksInEventAndIdCannotStartANewFrame() {
        String frame = SseStream.frame("batch\r\nevent: evil", "7\n\ndata: injected", "[]");
        assertThat(frame).isEqualTo("event: batchevent: evil\nid: 7data: injected\ndata: []\n\n");
        assertThat(frame.split("\n\n", -1)).hasSize(2);
    }

    @Test
    void everyLineOfDataGetsItsOwnPrefix() {
        String frame = SseStream.frame("batch", null, "a\nb\r\nc\rd");
        assertThat(frame).isEqualTo("event: batch\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
    }
}
