package io.netsweep.target;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Collects target and exclusion tokens and builds a {@link TargetSet}. Tokens are parsed when added
 * (so a bad one fails at once, naming itself); hostnames are resolved once, in {@link #build()}.
 *
 * <p>Rules: overlapping targets give each address once; exclusions (addresses, blocks, ranges or
 * hostnames, all of whose addresses are excluded) are subtracted; IPv4 CIDR blocks /0-/30 leave out
 * their network and broadcast addresses unless {@link #includeNetworkAndBroadcast(boolean)}; a hostname
 * target scans its first resolved address, or all of them with {@link #resolveAll(boolean)} (as nmap's
 * {@code --resolve-all}). An empty result, more than {@link TargetSet#LARGE} addresses without
 * {@link #allowLarge(boolean)}, or more than {@link TargetSet#MAX} is a {@link TargetException}.
 *
 * <p>Not thread-safe; use from one thread. {@link #build()} may be called more than once.
 */
public final class TargetSetBuilder {
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
        includes.add(Objects.requireNonNull(spec, "spec"));
        return this;
    }

    /** Adds the targets of a file: whitespace-separated tokens, {@code #} starts a comment to the end of the line. */
    public TargetSetBuilder addFile(Path file) {
        readFile(file, "target file", this::add);
        return this;
    }

    /** Excludes a comma-separated list of tokens ({@code 10.0.0.1,10.0.0.128/25,printer.lan}). */
    public TargetSetBuilder exclude(String list) {
        for (String token : list.split(",", -1)) {
            exclude(TargetParser.parse(token));
        }
        return this;
    }

    public TargetSetBuilder exclude(TargetSpec spec) {
        excludes.add(Objects.requireNonNull(spec, "spec"));
        return this;
    }

    /** Excludes the tokens of a file, in the format of {@link #addFile}. */
    public TargetSetBuilder excludeFile(Path file) {
        readFile(file, "exclude file", t -> exclude(TargetParser.parse(t)));
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

    /** Resolves hostnames, applies exclusions and limits, and returns the immutable set. */
    public TargetSet build() {
        var expansion = new SpecExpansion(resolver, networkAndBroadcast);
        expansion.addAll(includes, true, resolveAll);
        var keep = expansion.result();
        var exclusion = new SpecExpansion(resolver, true);
        exclusion.addAll(excludes, false, true);
        var drop = exclusion.result();

        List<Span> v4 = Span.subtract(keep.v4(), drop.v4());
        List<Span> v6 = Span.subtract(keep.v6(), drop.v6());
        BigInteger total = Span.total(v4).add(Span.total(v6));
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
        AddressBlocks blocks4 = new AddressBlocks(4, v4);
        AddressBlocks blocks6 = new AddressBlocks(16, v6);
        TargetSet unnamed = new TargetSet(blocks4, blocks6, Map.of());
        Map<InetAddress, String> names = new HashMap<>(keep.names());
        names.keySet().removeIf(a -> !unnamed.contains(a)); // names of excluded addresses go too
        return new TargetSet(blocks4, blocks6, names);
    }

    private static void readFile(Path file, String what, Consumer<String> token) {
        String shown = what + " " + TargetException.quote(file.toString());
        if (Files.isDirectory(file)) {
            throw new TargetException("cannot read " + shown + ": it is a directory");
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                int hash = line.indexOf('#');
                String content = hash >= 0 ? line.substring(0, hash) : line;
                for (String t : content.strip().split("\\s+")) {
                    if (t.isEmpty()) {
                        continue;
                    }
                    try {
                        token.accept(t);
                    } catch (TargetException e) {
                        throw new TargetException(e.getMessage() + " (" + shown + ", line " + number + ")", e);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new TargetException("cannot read " + shown + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new TargetException("cannot read " + shown + ": permission denied", e);
        } catch (CharacterCodingException e) {
            throw new TargetException("cannot read " + shown + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new TargetException("cannot read " + shown + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
