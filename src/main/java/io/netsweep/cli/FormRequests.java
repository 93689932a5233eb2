package io.netsweep.cli;

import io.netsweep.scan.DnsMode;
import io.netsweep.scan.ScanRequest;
import io.netsweep.web.InvalidScanRequestException;
import io.netsweep.web.ScanForm;
import io.netsweep.web.ScanRequestFactory;
import io.netsweep.target.TargetException;
import io.netsweep.target.TargetTokens;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The web form's scans, validated by exactly the command line's rules ({@link ScanRequests}).
 * Stateless and thread-safe. The page cannot read files: {@code -iL}-style inputs are not offered.
 */
final class FormRequests implements ScanRequestFactory {
    /** The page's default preset, as in the desktop app this grew from: the top 100 ports. */
    private static final String DEFAULT_PRESET = "simple";

    private final CliContext context;

    FormRequests(CliContext context) {
        this.context = context;
    }

    @Override
    public ScanRequest create(ScanForm form) throws InvalidScanRequestException {
        String preset = form.preset().isBlank() ? DEFAULT_PRESET : form.preset().trim().toLowerCase(Locale.ROOT);
        Optional<String> ports = form.ports().isBlank() ? Optional.empty() : Optional.of(form.ports());
        boolean identify = form.identify() || preset.equals("ai");
        ScanSpec spec = ScanSpec.builder("netsweep ui: " + form.targets().replaceAll("\\s+", " ").trim())
                .targets(tokens(form.targets()), List.of())
                .excludes(tokens(form.exclude()), List.of())
                .ports(ports)
                .preset(Optional.of(preset))
                .concurrency(form.concurrency())
                .timeoutMs(form.timeoutMs())
                .dns(form.reverseDns() ? DnsMode.UP_HOSTS : DnsMode.OFF, List.of(), OptionalInt.empty())
                .identify(Optional.of(identify))
                .build();
        try {
            return ScanRequests.build(spec, context.resolvers());
        } catch (UsageException | TargetException e) {
            throw new InvalidScanRequestException(e.getMessage());
        }
    }

    /**
     * Targets as typed in a text box: separated by blanks, commas or new lines, except the commas inside an
     * IPv4 octet pattern ({@code 10.0.0.1,5,7} stays one target), as {@link TargetTokens} splits them.
     */
    static List<String> tokens(String text) {
        return TargetTokens.split(text);
    }
}
