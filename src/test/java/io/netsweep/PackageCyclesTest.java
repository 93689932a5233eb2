package io.netsweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two of netsweep's packages depend on each other, directly or through others: read from the compiled main
 * classes' constant pools (every class a class names, in its code, fields, method signatures and generic
 * signatures), as {@code jdeps} reads them.
 */
class PackageCyclesTest {
    /** A class type inside a descriptor or signature: {@code Lio/netsweep/scan/ScanEvent;}, up to its name. */
    private static final Pattern NAMED_TYPE = Pattern.compile("L(io/netsweep/[A-Za-z0-9_/$]+)[;<]");

    @Test
    void noPackageDependsOnItselfThroughOthers() throws Exception {
        Map<String, Set<String>> graph = packageGraph(mainClasses());

        assertThat(graph).as("the graph was read").containsKeys("io.netsweep.scan", "io.netsweep.discovery",
                "io.netsweep.portscan", "io.netsweep.cli");
        assertThat(graph.get("io.netsweep.cli")).as("dependencies were read").contains("io.netsweep.scan");
        assertThat(cycles(graph)).as("groups of packages that depend on each other").isEmpty();
    }

    @Test
    void theNativeLayerIsALeafAndTheEnginesDependOnNoOrchestration() throws Exception {
        Map<String, Set<String>> graph = packageGraph(mainClasses());

        assertThat(graph.get("io.netsweep.sys")).as("the native layer depends on no other package").isEmpty();
        assertThat(graph.get("io.netsweep.timing")).as("nor does timing").isEmpty();
        assertThat(graph.get("io.netsweep.discovery")).doesNotContain("io.netsweep.scan");
        assertThat(graph.get("io.netsweep.portscan")).doesNotContain("io.netsweep.scan");
    }

    @Test
    void aCycleThroughThreePackagesIsFoundAndAnAcyclicGraphHasNone() {
        Map<String, Set<String>> cyclic = new TreeMap<>(Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"), "d", Set.of()));
        Map<String, Set<String>> acyclic = new TreeMap<>(Map.of(
                "a", Set.of("b", "c"), "b", Set.of("c"), "c", Set.of()));

        assertThat(cycles(cyclic)).containsExactly(Set.of("a", "b", "c"));
        assertThat(cycles(acyclic)).isEmpty();
    }

    private static Path mainClasses() throws URISyntaxException {
        return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Package to the other netsweep packages its classes name. */
    static Map<String, Set<String>> packageGraph(Path classes) throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (!name.startsWith("io/netsweep/")) {
                    continue; // picocli, compiled from source into the same directory
                }
                String from = packageOf(name);
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                for (String named : namedClasses(file)) {
                    String target = packageOf(named);
                    if (named.startsWith("io/netsweep/") && !target.equals(from)) {
                        to.add(target);
                    }
                }
            }
        }
        return graph;
    }

    private static List<String> namedClasses(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> names = new ArrayList<>();
        for (PoolEntry entry : ClassFile.of().parse(bytes).constantPool()) {
            if (entry instanceof ClassEntry c) {
                Matcher array = NAMED_TYPE.matcher(c.asInternalName());
                names.add(array.find() ? array.group(1) : c.asInternalName());
            } else if (entry instanceof Utf8Entry u) {
                Matcher m = NAMED_TYPE.matcher(u.stringValue());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
    }

    /** The strongly connected components of more than one package (Tarjan's algorithm), each sorted. */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }
}
