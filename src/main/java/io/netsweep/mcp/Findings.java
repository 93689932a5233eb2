package io.netsweep.mcp;

import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.scan.ScanEvent;
import io.netsweep.store.ScanReplay;
import io.netsweep.store.StoredScan;
import java.util.ArrayList;
import java.util.List;

/**
 * The findings of a stored scan, read from what the store holds: every AI/ML service that answered its API without
 * credentials (an exposure: anyone who reaches the port can use it, its models included) and every one whose auth
 * state could not be told (to check by hand). The stored events are replayed ({@link ScanReplay}), so the findings
 * are those of the same service reports every output shows. Stateless.
 */
final class Findings {
    private Findings() {}

    /**
     * One finding.
     *
     * @param kind     {@code ai_exposure} (no credentials asked) or {@code ai_auth_unknown}
     * @param severity {@code high} for an exposure, {@code info} otherwise
     */
    record Finding(String kind, String severity, String address, int port, String title, String product,
                   String version, String category, String auth, List<String> models, String evidence) {}

    record Report(long scan_id, String status, int count, List<Finding> findings, List<String> covers) {}

    /** What this version reads from the store; vulnerability findings are not stored by any netsweep yet. */
    static final List<String> COVERS = List.of("ai_exposure", "ai_auth_unknown");

    static Report of(StoredScan scan) {
        List<Finding> out = new ArrayList<>();
        ScanReplay.replay(scan, event -> {
            if (event instanceof ScanEvent.ServiceIdentified s && s.report().ai().isPresent()) {
                ServiceIdentity ai = s.report().ai().get();
                if (ai.auth() != AuthState.REQUIRED) {
                    boolean open = ai.auth() == AuthState.NONE;
                    String title = ai.product() + (open
                            ? " answers without credentials: anyone who can reach this port can use it"
                            : " was found; whether it asks for credentials could not be told");
                    out.add(new Finding(open ? "ai_exposure" : "ai_auth_unknown", open ? "high" : "info",
                            Views.address(s.address()), s.port(), title, ai.product(), ai.version().orElse(null),
                            ai.category(), ai.auth().label(), ai.models(), ai.evidence()));
                }
            }
        });
        return new Report(scan.entry().id(), scan.entry().status().name().toLowerCase(java.util.Locale.ROOT),
                out.size(), out, COVERS);
    }
}
