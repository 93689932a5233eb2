/**
 * The local web UI ({@code netsweep ui}): a page that starts scans, shows their results live and
 * exports them, and over the scan store lists the history, compares scans and shows the inventory, served with the JSON API behind it by {@link io.netsweep.web.WebServer}.
 *
 * <p><b>The HTTP layer.</b> {@link io.netsweep.web.http.HttpServer}, a small HTTP/1.1 server of our own
 * on virtual threads: the server has one user, on loopback, a dozen routes and one streaming response,
 * and every answer on its port, malformed requests included, must be the API's JSON with the security
 * headers. The JDK's {@code com.sun.net.httpserver} answers many malformed requests itself with HTML
 * and drops connections unannounced (see the {@code http} package for the list), and frameworks that
 * can be told otherwise would add megabytes to the command-line tool. Jackson, already on the
 * classpath, parses request bodies with strict limits.
 *
 * <p><b>API</b> (all JSON, all need the token):
 * <ul>
 *   <li>{@code POST /api/scans}: start a scan from a {@link io.netsweep.web.ScanForm} body; 201 {@code {id}}</li>
 *   <li>{@code GET /api/scans}: {@code {scans: [{id, targets, state, createdAt, endedAt, counts}]}}, newest first</li>
 *   <li>{@code GET /api/scans/{id}}: state, counts, summary once ended, error of a failed scan, dropped events,
 *       and the form it was started from</li>
 *   <li>{@code POST /api/scans/{id}/cancel}: 202; the scan ends as {@code cancelled}, its results kept</li>
 *   <li>{@code GET /api/scans/{id}/events}: Server-Sent Events; replays the scan's results, then follows
 *       it; one {@code batch} message (a JSON array of {@code EventJson} objects, progress coalesced to
 *       the latest) per batch interval, {@code id} = position for {@code Last-Event-ID}; {@code end} last</li>
 *   <li>{@code GET /api/scans/{id}/export?format=jsonl|csv}: results so far, as an attachment</li>
 *   <li>{@code POST /api/validate}: {@code {ok:true, count, ports}} or {@code {ok:false, error}}</li>
 *   <li>over the store ({@code StoreApi}, GET only): {@code /api/history} (stored scans with
 *       their counts), {@code /api/history/{id}} (one played back as the live stream's events) and its
 *       {@code /export}, {@code /api/diff?old&new} ({@code netsweep diff -o json}) and {@code /api/diff/export},
 *       {@code /api/hosts} (the inventory) and {@code /api/hosts/{id}} (a host's timeline)</li>
 * </ul>
 * Errors are {@code {"error": "one line"}} with a 4xx status, or 500 {@code internal error}; never a trace.
 *
 * <p><b>Security.</b> Every request must name the server in its Host header (DNS rebinding);
 * every API call must carry the token (constant-time compare); every POST must carry the server's
 * own Origin (CSRF). Every response carries a strict Content-Security-Policy, {@code nosniff},
 * {@code no-referrer} and {@code no-store}, and no CORS headers. Details in {@code RequestGuard},
 * {@code Http} and {@code docs/web-design.md}. The page is static and holds no data; it reads the token from its address, keeps
 * it in {@code sessionStorage} and removes it from the address bar, and inserts every piece of scan
 * data with {@code textContent}.
 */
package io.netsweep.web;
