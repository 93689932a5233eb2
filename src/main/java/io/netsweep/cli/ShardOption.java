package io.netsweep.cli;

import io.netsweep.target.Shard;
import java.util.function.UnaryOperator;

/**
 * Reads {@code --shard}: {@code I/N} (part {@code I} of {@code N}, counting from 0), {@code env/N} (the index from
 * {@value #INDEX_VARIABLE}, which a Kubernetes Indexed Job sets in each pod), or {@code env} (the index from
 * {@value #INDEX_VARIABLE} and the count from {@value #COUNT_VARIABLE}). Numbers are ASCII digits with no sign,
 * as everywhere on netsweep's command line. Stateless.
 */
final class ShardOption {
    /** The variable a Kubernetes Indexed Job sets to the pod's index, 0 to completions - 1. */
    static final String INDEX_VARIABLE = "JOB_COMPLETION_INDEX";
    /** The variable {@code --shard env} reads the count from. */
    static final String COUNT_VARIABLE = "NETSWEEP_SHARDS";
    /**
     * The variable naming the run a part belongs to, so that the store tells two runs of the same sharded scan apart
     * (in Kubernetes, the Job's uid through the downward API); optional.
     */
    static final String RUN_VARIABLE = "NETSWEEP_RUN";
    private static final int MAX_RUN = 128;

    private ShardOption() {}

    /**
     * @param env the environment, for {@code env} forms
     * @throws UsageException with one line saying what is wrong
     */
    static Shard parse(String text, UnaryOperator<String> env) {
        String indexText;
        String countText;
        String indexFrom = "";
        String countFrom = "";
        int slash = text.indexOf('/');
        if (text.equals("env")) {
            indexText = variable(env, INDEX_VARIABLE, text);
            countText = variable(env, COUNT_VARIABLE, text);
            indexFrom = " (" + INDEX_VARIABLE + ")";
            countFrom = " (" + COUNT_VARIABLE + ")";
        } else if (slash < 0) {
            throw new UsageException("invalid --shard \"" + text + "\": give I/N (part I of N, from 0), env/N or env");
        } else {
            indexText = text.substring(0, slash);
            countText = text.substring(slash + 1);
            if (indexText.equals("env")) {
                indexText = variable(env, INDEX_VARIABLE, text);
                indexFrom = " (" + INDEX_VARIABLE + ")";
            }
        }
        int count = number(text, "count", countText, countFrom);
        int index = number(text, "index", indexText, indexFrom);
        if (count < 1) {
            throw new UsageException("invalid --shard \"" + text + "\": the count" + countFrom + " must be 1 to "
                    + Shard.MAX_COUNT);
        }
        if (index >= count) {
            throw new UsageException("invalid --shard \"" + text + "\": the index" + indexFrom + " must be 0 to "
                    + (count - 1) + " (parts count from 0), not " + index);
        }
        return new Shard(index, count);
    }

    /**
     * The run label from {@value #RUN_VARIABLE}: empty when unset; letters, digits and {@code . _ : -}, at most
     * {@value #MAX_RUN} of them.
     *
     * @throws UsageException with one line, the value not repeated, when it is anything else
     */
    static String run(UnaryOperator<String> env) {
        String value = env.apply(RUN_VARIABLE);
        if (value == null) {
            return "";
        }
        boolean plain = value.length() <= MAX_RUN && value.chars().allMatch(c -> c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':' || c == '-');
        if (!plain) {
            throw new UsageException("invalid " + RUN_VARIABLE + ": use at most " + MAX_RUN
                    + " letters, digits and . _ : - (a Job's uid is one)");
        }
        return value;
    }

    private static String variable(UnaryOperator<String> env, String name, String text) {
        String value = env.apply(name);
        if (value == null || value.isEmpty()) {
            throw new UsageException("invalid --shard \"" + text + "\": " + name + " is not set"
                    + (name.equals(INDEX_VARIABLE) ? " (a Kubernetes Indexed Job sets it)" : ""));
        }
        return value;
    }

    private static int number(String text, String what, String digits, String from) {
        boolean ascii = !digits.isEmpty() && digits.length() <= 9
                && digits.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!ascii) {
            boolean allDigits = !digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9');
            throw new UsageException("invalid --shard \"" + text + "\": the " + what + from + " \"" + digits + "\" is "
                    + (allDigits ? "out of range (most " + Shard.MAX_COUNT + " parts)" : "not a number (digits 0-9)"));
        }
        int n = Integer.parseInt(digits);
        if (n > Shard.MAX_COUNT) {
            throw new UsageException("invalid --shard \"" + text + "\": the " + what + from + " " + n
                    + " is out of range (most " + Shard.MAX_COUNT + " parts)");
        }
        return n;
    }
}
