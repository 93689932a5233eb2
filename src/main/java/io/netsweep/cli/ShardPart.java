package io.netsweep.cli;

import io.netsweep.scan.ShardMark;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One part of a sharded scan as {@code netsweep merge} read it from a file: which part of which scan it is, and
 * whether that part ran to its end. Immutable.
 */
interface ShardPart {
    /** The file it was read from, for messages. */
    Path file();

    /** The part, its split, seed and options hash, as the file recorded them. */
    ShardMark mark();

    /** Why the part is not complete ({@code cancelled}, ...), or empty when it finished. */
    Optional<String> unfinished();

    /** The file's name as messages show it. */
    default String name() {
        return file().toString();
    }
}
