package io.netsweep.web.http;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a request's body ends (RFC 9112 section 6.3), refusing every head that two parsers could
 * read two ways: both {@code Content-Length} and {@code Transfer-Encoding}, differing lengths, a
 * coding other than {@code chunked}, more than one {@code Host}. Stateless.
 */
final class Framing {
    /** Digits of the largest length worth parsing; anything longer is over every limit anyway. */
    private static final int MAX_LENGTH_DIGITS = 18;

    private Framing() {}

    static RequestBody body(RequestHead head, InputStream in, HttpLimits limits) throws RequestRejected {
        if (head.all("Host").size() > 1) {
            throw new RequestRejected(400, "more than one Host header");
        }
        List<String> codings = head.all("Transfer-Encoding");
        List<String> lengths = head.all("Content-Length");
        if (!codings.isEmpty()) {
            if (!lengths.isEmpty()) {
                throw new RequestRejected(400, "both Content-Length and Transfer-Encoding");
            }
            if (head.http10()) {
                throw new RequestRejected(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (codings.size() != 1 || !codings.getFirst().equalsIgnoreCase("chunked")) {
                throw new RequestRejected(501, "only the chunked transfer coding is supported");
            }
            return new RequestBody.Chunked(in, limits.maxBody());
        }
        if (lengths.isEmpty()) {
            return new RequestBody.Empty();
        }
        Set<String> values = lengths.stream().flatMap(v -> Arrays.stream(v.split(",", -1)))
                .map(String::strip).collect(Collectors.toSet());
        String value = values.iterator().next();
        if (values.size() != 1 || value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new RequestRejected(400, "malformed Content-Length");
        }
        String digits = value.replaceFirst("^0+(?=.)", "");
        if (digits.length() > MAX_LENGTH_DIGITS || Long.parseLong(digits) > limits.maxBody()) {
            throw new RequestRejected(413, "request body larger than " + size(limits.maxBody()));
        }
        long length = Long.parseLong(digits);
        return length == 0 ? new RequestBody.Empty() : new RequestBody.Fixed(in, length);
    }

    static String size(long bytes) {
        return bytes % 1024 == 0 && bytes > 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
