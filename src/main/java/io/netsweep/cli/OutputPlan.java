package io.netsweep.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a scan's results go: standard output in one format, and the files of {@code -oN}, {@code -oX},
 * {@code -oG}, {@code -oJ} and {@code -oA}. As with nmap, a file named {@code -} is standard output
 * (instead of the table), and {@code -oA BASE} is {@code BASE.nmap}, {@code BASE.xml} and
 * {@code BASE.gnmap}. Two outputs may not share a destination. Immutable.
 *
 * @param stdout the format of standard output
 * @param files  the files, in the order they are opened
 */
record OutputPlan(OutputFormat stdout, List<FileOutput> files) {

    /** One output file: the option that asked for it (named in errors), its format and its path. */
    record FileOutput(String option, OutputFormat format, Path path) {
        FileOutput {
            Objects.requireNonNull(option, "option");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(path, "path");
        }
    }

    /** What an option asked for, before standard output and files are told apart. */
    record Request(String option, OutputFormat format, Path path) {}

    /** The file name that means standard output, as with nmap. */
    private static final String STDOUT = "-";

    OutputPlan {
        Objects.requireNonNull(stdout, "stdout");
        files = List.copyOf(files);
    }

    /**
     * The plan for {@code -o FORMAT} (if given) and the file options given.
     *
     * @param allBase the base of {@code -oA}, if given
     * @throws UsageException when two outputs share a destination
     */
    static OutputPlan of(Optional<String> format, List<Request> requested, Optional<String> allBase) {
        List<Request> all = new ArrayList<>(requested);
        if (allBase.isPresent()) {
            String base = allBase.get();
            if (base.isEmpty() || base.equals(STDOUT)) {
                throw new UsageException("-oA needs a base name for its three files, not \"" + base + "\"");
            }
            all.add(new Request("-oA", OutputFormat.TABLE, Path.of(base + ".nmap")));
            all.add(new Request("-oA", OutputFormat.XML, Path.of(base + ".xml")));
            all.add(new Request("-oA", OutputFormat.GREPABLE, Path.of(base + ".gnmap")));
        }
        Optional<OutputFormat> stdout = format.map(OutputFormat::parse);
        String stdoutOption = "-o";
        List<FileOutput> files = new ArrayList<>();
        Map<Path, String> claimed = new HashMap<>();
        for (Request r : all) {
            if (r.path().toString().equals(STDOUT)) {
                if (stdout.isPresent()) {
                    throw new UsageException(r.option() + " - and " + stdoutOption
                            + " both write to standard output: keep one");
                }
                stdout = Optional.of(r.format());
                stdoutOption = r.option() + " -";
                continue;
            }
            Path key = r.path().toAbsolutePath().normalize();
            String before = claimed.putIfAbsent(key, r.option());
            if (before != null) {
                throw new UsageException(before + " and " + r.option() + " both name the file \"" + r.path()
                        + "\": give each output its own file");
            }
            files.add(new FileOutput(r.option(), r.format(), r.path()));
        }
        return new OutputPlan(stdout.orElse(OutputFormat.TABLE), files);
    }

    /**
     * Checks, without creating or truncating anything, that every file can be written: its directory
     * exists and it is not a directory. Run before anything else costs time or traffic (resolving
     * hostname targets), so a typo in a path is reported first.
     *
     * @throws UsageException naming the option and the file
     */
    void checkWritable() {
        for (FileOutput f : files) {
            Path absolute = f.path().toAbsolutePath();
            Path dir = absolute.getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                throw cannotWrite(f, "no such directory");
            }
            if (Files.isDirectory(absolute)) {
                throw cannotWrite(f, "it is a directory");
            }
            if (Files.exists(absolute) ? !Files.isWritable(absolute) : dir != null && !Files.isWritable(dir)) {
                throw cannotWrite(f, "permission denied");
            }
        }
    }

    static UsageException cannotWrite(FileOutput f, String why) {
        return new UsageException("cannot write " + f.option() + " file \"" + f.path() + "\": " + why);
    }
}
