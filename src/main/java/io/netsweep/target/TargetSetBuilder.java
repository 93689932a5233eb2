package io.netsweep.target;

import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects target and exclusion tokens and builds a {@link TargetSet}. Tokens are parsed when added
 * (so a bad one fails at once, naming itself); hostnames are resolved once, in {@link #build()}.
 *
 * <p>Rules: overlapping targets give each address once; exclusions (addresses, blocks, ranges or
 * hostnames, all of whose addresses are excluded) are subtracted; IPv4 CIDR blocks /0-/30 leave out
 * their network and broadcast addresses unless {@link #includeNetworkAndBroadcast(boolean)}; a hostname
 * target scans its first resolved address, or all of them with {@link #resolveAll(boolean)} (as nmap's
 * {@code --resolve-all}). An empty result, more than {@link TargetSet#LARGE} addresses without
 * {@link #allowLarge(boolean)}, more than {@link TargetSet#MAX}, or more than {@link #MAX_SPECS} specs is a
 * {@link TargetException}.
 *
 * <p>Not thread-safe; use from one thread. {@link #build()} may be called more than once.
 */
public final class TargetSetBuilder {
    /**
     * Most specs (targets and exclusions together) one builder takes: a million addresses, ranges or names
     * cost a few hundred megabytes while the set is built; more would exhaust a default heap.
     */
    public static final int MAX_SPECS = 1_000_000;

    private final HostResolver resolver;
    private final List<TargetSpec> includes = new ArrayList<>();
    private final List<TargetSpec> excludes = new ArrayList<>();
    private boolean networkAndBroadcast;
    private boolean allowLarge;
    private boolean resolveAll;

    TargetSetBuilder(HostResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Adds one target token (see {@link TargetParser}). */
    public TargetSetBuilder add(String token) {
        return add(TargetParser.parse(token));
    }

    public TargetSetBuilder add(TargetSpec spec) {
        counted(includes).add(Objects.requireNonNull(spec, "spec"));
        return this;
    }

    /**
     * Adds the targets of a file: tokens separated by blanks, line ends or commas (as {@link TargetTokens}
     * splits them), {@code #} starts a comment to the end of the line. Bounded whatever the file is (see
     * {@link TargetListReader}): lines of at most 65,536 characters, 64 MiB in all.
     */
    public TargetSetBuilder addFile(Path file) {
        TargetListReader.read(file, "target file", this::add);
        return this;
    }

    /**
     * Adds the targets read from {@code in} (standard input for {@code -iL -}) to its end, in the format and
     * within the bounds of {@link #addFile}; {@code in} is not closed. {@code name} names it in messages.
     */
    public TargetSetBuilder addFrom(InputStream in, String name) {
        TargetListReader.read(in, name, this::add);
        return this;
    }

    /**
     * Excludes a list of tokens separated by commas or blanks ({@code 10.0.0.1,10.0.0.128/25,printer.lan});
     * the commas of an octet pattern stay in it ({@code 10.0.0.1,5,7} is one token, see {@link TargetTokens}).
     */
    public TargetSetBuilder exclude(String list) {
        List<String> tokens = TargetTokens.split(list);
        if (tokens.isEmpty()) {
            throw TargetException.invalid(list, "empty target");
        }
        for (String token : tokens) {
            exclude(TargetParser.parse(token));
        }
        return this;
    }

    public TargetSetBuilder exclude(TargetSpec spec) {
        counted(excludes).add(Objects.requireNonNull(spec, "spec"));
        return this;
    }

    /** Excludes the tokens of a file, in the format and within the bounds of {@link #addFile}. */
    public TargetSetBuilder excludeFile(Path file) {
        TargetListReader.read(file, "exclude file", t -> exclude(TargetParser.parse(t)));
        return this;
    }

    /** Excludes the tokens read from {@code in}, as {@link #addFrom} adds them. */
    public TargetSetBuilder excludeFrom(InputStream in, String name) {
        TargetListReader.read(in, name, t -> exclude(TargetParser.parse(t)));
        return this;
    }

    /** Whether IPv4 blocks /0-/30 keep their network and broadcast addresses (default: no). */
    public TargetSetBuilder includeNetworkAndBroadcast(boolean include) {
        this.networkAndBroadcast = include;
        return this;
    }

    /** Whether more than {@link TargetSet#LARGE} addresses are accepted (default: no). */
    public TargetSetBuilder allowLarge(boolean allow) {
        this.allowLarge = allow;
        return this;
    }

    /** Whether a hostname target scans all its addresses rather than the first (default: first only). */
    public TargetSetBuilder resolveAll(boolean all) {
        this.resolveAll = all;
        return this;
    }

    /** {@code specs}, once there is room for one more spec in all. */
    private List<TargetSpec> counted(List<TargetSpec> specs) {
        if (includes.size() + excludes.size() >= MAX_SPECS) {
            throw new TargetException("too many target specs: at most " + MAX_SPECS
                    + " targets and exclusions together; use CIDR blocks or ranges");
        }
        return specs;
    }

    /** Resolves hostnames, applies exclusions and limits, and returns the immutable set. */
    public TargetSet build() {
        var expansion = new SpecExpansion(resolver, networkAndBroadcast);
        expansion.addAll(includes, true, resolveAll);
        var keep = expansion.result();
        var exclusion = new SpecExpansion(resolver, true);
        exclusion.addAll(excludes, false, true);
        var drop = exclusion.result();

        AddressSpace space4;
        BigInteger total4;
        if (keep.patterns().isEmpty() && drop.patterns().isEmpty()) {
            List<Span> v4 = Span.subtract(keep.v4(), drop.v4());
            total4 = Span.total(v4);
            space4 = new AddressBlocks(4, v4);
        } else {
            space4 = patternSpace(keep, drop);
            total4 = BigInteger.valueOf(space4.size());
        }
        List<Span> v6 = Span.subtract(keep.v6(), drop.v6());
        BigInteger total = total4.add(Span.total(v6));
        if (total.signum() == 0) {
            throw new TargetException(excludes.isEmpty() ? "no targets to scan" : "no targets to scan: all are excluded");
        }
        if (total.compareTo(BigInteger.valueOf(TargetSet.MAX)) > 0) {
            throw new TargetException("too many targets: " + total + " addresses; at most "
                    + TargetSet.MAX + " (2^48) can be scanned");
        }
        if (!allowLarge && total.longValueExact() > TargetSet.LARGE) {
            throw new TargetException("too many targets: " + total + " addresses (limit " + TargetSet.LARGE
                    + "); pass --allow-large to scan them all");
        }
        AddressBlocks blocks6 = new AddressBlocks(16, v6);
        TargetSet unnamed = new TargetSet(space4, blocks6, Map.of());
        Map<InetAddress, String> names = new HashMap<>(keep.names());
        names.keySet().removeIf(a -> !unnamed.contains(a)); // names of excluded addresses go too
        return new TargetSet(space4, blocks6, names);
    }

    /** IPv4 with octet patterns: intervals and patterns in one octet tree, never expanded to addresses. */
    private static OctetTree patternSpace(SpecExpansion.Expanded keep, SpecExpansion.Expanded drop) {
        OctetTreeBuilder trees = new OctetTreeBuilder();
        OctetTree.Node kept = trees.fromSpans(keep.v4());
        for (TargetSpec.OctetPattern p : keep.patterns()) {
            kept = trees.union(kept, trees.pattern(p.octets()));
        }
        OctetTree.Node dropped = trees.fromSpans(drop.v4());
        for (TargetSpec.OctetPattern p : drop.patterns()) {
            dropped = trees.union(dropped, trees.pattern(p.octets()));
        }
        return trees.tree(trees.minus(kept, dropped));
    }
}
