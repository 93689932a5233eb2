/**
 * A small HTTP/1.1 server for the local web UI: {@link io.netsweep.web.http.HttpServer} reads requests
 * strictly, hands each to a {@link io.netsweep.web.http.Handler} as an {@link io.netsweep.web.http.Exchange},
 * and answers whatever it refuses by itself (malformed request lines, targets and headers, limits,
 * framing it does not support) through the application's {@link io.netsweep.web.http.ErrorResponder},
 * so every answer the UI's port gives carries the application's headers and format.
 *
 * <p><b>Why not the JDK's {@code com.sun.net.httpserver}.</b> It answers a whole class of requests
 * before any filter or handler runs, with HTML pages of its own and none of the application's
 * headers: request lines it cannot split (400), targets {@link java.net.URI} refuses ({@code /%zz},
 * {@code /%}, backslashes: 400 "URISyntaxException thrown"), header names with illegal characters,
 * {@code Content-Length} with {@code Transfer-Encoding} or twice, a {@code Content-Length} that is
 * not a {@code long} (a 20-digit one: 400 "NumberFormatException thrown") or negative, and codings
 * other than {@code chunked} (501). Over-long heads and malformed chunked bodies get no answer at all,
 * and an answer that leaves more than 64 KiB of a body unread drops the connection without saying
 * {@code Connection: close}, so a keep-alive client sends its next request into a closed socket. None
 * of this can be configured. Frameworks that could (Jetty, Netty, Undertow) would each add megabytes
 * and a start-up cost to a command-line tool whose UI has one user on loopback. What the UI needs of
 * HTTP/1.1 (keep-alive, fixed and chunked bodies both ways, {@code HEAD}, {@code 100-continue}) fits in
 * these few classes, on virtual threads, with the JDK alone.
 */
package io.netsweep.web.http;
