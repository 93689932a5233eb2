package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TcpSegmentTest {

    @Test
    void aSynCarriesItsPortsSequenceFlagsAndAValidIpv4Checksum() {
        byte[] src = {127, 0, 0, 1};
        byte[] dst = {127, 0, 0, 2};
        byte[] syn = new byte[TcpSegment.SYN_LENGTH];
        TcpSegment.writeSyn(syn, 40000, 443, 0xDEADBEEF, src, dst);
        assertThat(TcpSegment.sourcePort(syn, 0)).isEqualTo(40000);
        assertThat(TcpSegment.destinationPort(syn, 0)).isEqualTo(443);
        assertThat(TcpSegment.seq(syn, 0)).isEqualTo(0xDEADBEEF);
        assertThat(TcpSegment.flags(syn, 0)).isEqualTo(TcpSegment.SYN);
        assertThat((syn[12] & 0xFF) >>> 4).as("data offset in words").isEqualTo(6);
        // Summing a segment with its checksum in place gives zero (RFC 1071).
        assertThat(TcpSegment.checksum4(src, dst, syn, syn.length)).isZero();
    }

    @Test
    void laterFragmentsAndOtherProtocolsHaveNoTcpHeader() {
        byte[] p = new byte[40];
        p[0] = 0x45;
        p[9] = 6;
        assertThat(TcpSegment.offsetAfterIpv4Header(p, 40)).isEqualTo(20);
        p[7] = 1; // fragment offset 8
        assertThat(TcpSegment.offsetAfterIpv4Header(p, 40)).isEqualTo(-1);
        p[7] = 0;
        p[9] = 17;
        assertThat(TcpSegment.offsetAfterIpv4Header(p, 40)).isEqualTo(-1);
        p[9] = 6;
        assertThat(TcpSegment.offsetAfterIpv4Header(p, 39)).isEqualTo(-1);
    }
}
