package io.netsweep.web;

import io.netsweep.web.http.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The page and its scripts and styles, read once from the classpath ({@code io/netsweep/web/}).
 * Only the files named here are served, by exact path, so no request can reach anything else.
 * The page holds no data: everything it shows comes from the API, which wants the token.
 * Immutable; thread-safe.
 */
final class StaticAssets {
    private static final String JS = "text/javascript; charset=utf-8";
    private static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("index.html", "text/html; charset=utf-8"),
            Map.entry("style.css", "text/css; charset=utf-8"),
            Map.entry("app.js", JS),
            Map.entry("api.js", JS),
            Map.entry("model.js", JS),
            Map.entry("table.js", JS),
            Map.entry("detail.js", JS),
            Map.entry("findings.js", JS),
            Map.entry("format.js", JS),
            Map.entry("dom.js", JS),
            Map.entry("chart.js", JS),
            Map.entry("history.js", JS),
            Map.entry("compare.js", JS),
            Map.entry("inventory.js", JS),
            Map.entry("favicon.svg", "image/svg+xml"));

    private record Asset(String contentType, byte[] body) {}

    private final Map<String, Asset> assets = new HashMap<>();

    StaticAssets() {
        FILES.forEach((name, type) -> {
            try (InputStream in = StaticAssets.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("web asset missing from the build: " + name);
                }
                assets.put("/" + name, new Asset(type, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assets.put("/", assets.get("/index.html"));
    }

    /** Serves the asset at the request's path, if there is one. */
    boolean serve(Exchange ex) throws IOException, HttpProblem {
        Optional<Asset> asset = Optional.ofNullable(assets.get(ex.path()));
        if (asset.isEmpty()) {
            return false;
        }
        String method = ex.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.responseHeaders().set("Allow", "GET, HEAD");
            throw new HttpProblem(405, "method not allowed");
        }
        Http.send(ex, 200, asset.get().contentType(), asset.get().body());
        return true;
    }
}
