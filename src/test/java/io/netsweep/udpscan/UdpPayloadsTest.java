package io.netsweep.udpscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.target.IpLiterals;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** What the UDP scan sends where the payload depends on the target. */
class UdpPayloadsTest {
    @Test
    void mdnsAsksForTheServiceTypesAndForTheTargetsOwnName() throws Exception {
        UdpPayloads p = UdpPayloads.standard();
        for (String target : new String[] {"10.233.2.2", "fd00::1"}) {
            Message m = new Message(p.forTarget(IpLiterals.parse(target), 5353, 0));
            assertThat(m.getHeader().getFlag(org.xbill.DNS.Flags.QR)).isFalse();
            assertThat(m.getSection(Section.QUESTION)).extracting(r -> r.getName().toString(true) + " "
                    + Type.string(r.getType())).containsExactly("_services._dns-sd._udp.local PTR",
                    org.xbill.DNS.ReverseMap.fromAddress(IpLiterals.parse(target)).toString(true) + " PTR");
        }
        assertThat(new Message(p.forTarget(IpLiterals.parse("10.233.2.2"), 5353, 0)).getSection(Section.QUESTION)
                .getLast().getName().toString(true)).isEqualTo("2.2.233.10.in-addr.arpa");
    }

    @Test
    void otherPortsCarryWhatTheyCarryForAnyTarget() {
        UdpPayloads p = UdpPayloads.standard();
        for (int port : new int[] {53, 123, 161, 1900, 40000}) {
            assertThat(p.forTarget(IpLiterals.parse("10.233.2.2"), port, 0)).as("%d", port)
                    .isEqualTo(p.forPort(port, 0));
        }
        assertThat(UdpPayloads.empty().forTarget(IpLiterals.parse("10.233.2.2"), 5353, 0)).isEmpty();
    }
}
