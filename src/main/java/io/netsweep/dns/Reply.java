package io.netsweep.dns;

import java.util.Objects;
import org.xbill.DNS.Message;

/** How one question ended after all its attempts. Immutable. */
sealed interface Reply {

    /** A well-formed response with rcode NOERROR or NXDOMAIN: the server's final word. */
    record Answered(Message message) implements Reply {
        public Answered {
            Objects.requireNonNull(message, "message");
        }
    }

    /** No usable response: {@link DnsStatus#SERVFAIL}, {@link DnsStatus#TIMEOUT} or {@link DnsStatus#MALFORMED}. */
    record Failed(DnsStatus status) implements Reply {
        public Failed {
            if (status != DnsStatus.SERVFAIL && status != DnsStatus.TIMEOUT && status != DnsStatus.MALFORMED) {
                throw new IllegalArgumentException("not a failure status: " + status);
            }
        }
    }
}
