package io.netsweep.mcpserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.netsweep.store.ScanStore;
import io.netsweep.store.StoreException;
import io.netsweep.store.StoredScan;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stored scans as MCP resources, {@code netsweep://scans/ID}: a scan's hosts, ports and services as JSON (the
 * first {@value #MAX_HOSTS} hosts; {@code scan_results} pages through more). Thread-safe.
 */
final class ScanResources {
    static final String TEMPLATE = "netsweep://scans/{id}";
    static final int MAX_HOSTS = 1000;
    private static final Pattern URI = Pattern.compile("netsweep://scans/([1-9][0-9]{0,17})");

    private final ScanStore store;
    private final ObjectMapper json;

    ScanResources(ScanStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    SyncResourceTemplateSpecification specification() {
        McpSchema.ResourceTemplate template = new McpSchema.ResourceTemplate(TEMPLATE, "scan", "A stored scan",
                "A stored scan's hosts, open ports and services as JSON (list_scans gives the ids)",
                "application/json", null);
        return new SyncResourceTemplateSpecification(template, this::read);
    }

    private McpSchema.ReadResourceResult read(McpSyncServerExchange exchange, McpSchema.ReadResourceRequest request) {
        Matcher m = URI.matcher(request.uri());
        if (!m.matches()) {
            throw McpError.RESOURCE_NOT_FOUND.apply(Arguments.printable(request.uri()));
        }
        long id = Long.parseLong(m.group(1));
        Optional<StoredScan> scan;
        try {
            scan = store.load(id);
        } catch (StoreException e) {
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(e.getMessage()).build();
        }
        if (scan.isEmpty()) {
            throw McpError.RESOURCE_NOT_FOUND.apply(request.uri());
        }
        List<StoredScan.Host> hosts = scan.get().hosts();
        int shown = Math.min(hosts.size(), MAX_HOSTS);
        Views.Results body = new Views.Results(id, scan.get().entry().status().name().toLowerCase(Locale.ROOT),
                scan.get().entry().targets(), hosts.size(), 0,
                hosts.subList(0, shown).stream().map(Views::host).toList(), shown < hosts.size() ? shown : null);
        try {
            return new McpSchema.ReadResourceResult(List.of(
                    new McpSchema.TextResourceContents(request.uri(), "application/json", json.writeValueAsString(body))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a scan could not be written as JSON", e);
        }
    }
}
