package io.netsweep.dns;

import java.io.IOException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.WireParseException;

/**
 * Turns what dnsjava hands back for one attempt into a {@link Reply}, by message fields and exception
 * types only. dnsjava has already checked the ID and the question (name, type, class) of the response;
 * a mismatch arrives here as a {@link WireParseException}. Stateless and thread-safe.
 */
final class ReplyClassifier {
    private ReplyClassifier() {}

    static Reply of(Message response) {
        var header = response.getHeader();
        if (!header.getFlag(Flags.QR) || header.getOpcode() != Opcode.QUERY) {
            return new Reply.Failed(DnsStatus.MALFORMED); // e.g. our own query echoed back
        }
        return switch (header.getRcode()) {
            case Rcode.NOERROR, Rcode.NXDOMAIN -> new Reply.Answered(response);
            default -> new Reply.Failed(DnsStatus.SERVFAIL); // SERVFAIL, REFUSED, FORMERR, NOTIMP, ...
        };
    }

    static Reply of(Throwable failure) {
        Throwable cause = unwrap(failure);
        DnsStatus status = switch (cause) {
            case WireParseException e -> DnsStatus.MALFORMED;
            case SocketTimeoutException e -> DnsStatus.TIMEOUT;
            // ICMP port unreachable, or TCP (after truncation) refused: the server will not answer
            case PortUnreachableException e -> DnsStatus.SERVFAIL;
            case ConnectException e -> DnsStatus.SERVFAIL;
            // no route, no source port, socket closed under us: no answer was obtained
            case IOException e -> DnsStatus.TIMEOUT;
            case TimeoutException e -> DnsStatus.TIMEOUT;
            // dnsjava rejects some hostile record contents with unchecked exceptions while parsing
            default -> DnsStatus.MALFORMED;
        };
        return new Reply.Failed(status);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
