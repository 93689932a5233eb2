package io.netsweep.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Kubernetes manifests of deploy/k8s: valid against the Kubernetes API's schema as strictly as
 * {@code kubectl apply --validate=strict} (the vendored definitions of {@link KubernetesSchema}), so that a typo
 * anywhere fails here rather than in a cluster; and saying what the deployment needs: an Indexed Job whose pods scan
 * one shard each into the database named by a Secret, with NET_RAW and nothing else, never as root, and the web UI
 * over the same database behind a Service.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of(System.getProperty("netsweep.project.dir", ".")).resolve("deploy/k8s");
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()).build();
    private static final KubernetesSchema SCHEMA = KubernetesSchema.load();

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().toList();
        }
    }

    /** Every YAML document in {@code text}. */
    private static List<JsonNode> documents(String text) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static List<JsonNode> objects() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (Path p : manifests()) {
            all.addAll(documents(Files.readString(p)));
        }
        return all;
    }

    private static JsonNode only(String kind) throws IOException {
        List<JsonNode> found = objects().stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        assertThat(found).as("objects of kind %s", kind).hasSize(1);
        return found.getFirst();
    }

    @Test
    void everyManifestIsValidAgainstTheKubernetesApiSchema() throws Exception {
        List<String> kinds = new ArrayList<>();
        for (Path p : manifests()) {
            for (JsonNode object : documents(Files.readString(p))) {
                assertThat(SCHEMA.validate(object)).as("%s: %s", p.getFileName(), object.path("kind")).isEmpty();
                kinds.add(object.path("apiVersion").asText() + " " + object.path("kind").asText());
            }
        }
        assertThat(kinds).containsExactlyInAnyOrder("v1 Namespace", "batch/v1 Job", "apps/v1 Deployment", "v1 Service");
        assertThat(SCHEMA.kinds()).containsAll(kinds);
    }

    @Test
    void theKustomizationListsEveryManifestAndOnlyFieldsKustomizeKnows() throws Exception {
        JsonNode k = documents(Files.readString(DIR.resolve("kustomization.yaml"))).getFirst();
        assertThat(k.path("apiVersion").asText()).isEqualTo("kustomize.config.k8s.io/v1beta1");
        assertThat(k.path("kind").asText()).isEqualTo("Kustomization");
        Set<String> fields = new TreeSet<>();
        k.fieldNames().forEachRemaining(fields::add);
        assertThat(Set.of("apiVersion", "kind", "namespace", "resources", "configMapGenerator", "images"))
                .containsAll(fields);
        Set<String> resources = new TreeSet<>();
        k.path("resources").forEach(r -> resources.add(r.asText()));
        Set<String> files = new TreeSet<>();
        manifests().forEach(p -> files.add(p.getFileName().toString()));
        assertThat(resources).isEqualTo(files);
        for (JsonNode generator : k.path("configMapGenerator")) {
            for (JsonNode file : generator.path("files")) {
                assertThat(DIR.resolve(file.asText())).isRegularFile();
            }
        }
        assertThat(k.path("namespace").asText()).isEqualTo(only("Namespace").at("/metadata/name").asText());
    }

    /** A field of a manifest: the object holding it, its name and its path ({@code spec.template.spec.containers[0].name}). */
    private record Field(ObjectNode parent, String name, String path) {}

    /** Every field of {@code node}, depth first. */
    private static void fields(JsonNode node, String path, List<Field> out) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String p = path.isEmpty() ? name : path + "." + name;
                out.add(new Field(object, name, p));
                fields(object.get(name), p, out);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                fields(array.get(i), path + "[" + i + "]", out);
            }
        }
    }

    @Test
    void aTypoInAnyFieldNameOfAnyManifestIsRefused() throws Exception {
        List<String> caught = new ArrayList<>();
        List<String> notCaught = new ArrayList<>();
        for (JsonNode original : objects()) {
            int count = fieldsOf(original).size();
            for (int i = 0; i < count; i++) {
                JsonNode copy = original.deepCopy();
                Field f = fieldsOf(copy).get(i);
                // Renamed in place, order kept: "completionMode" becomes "completionModee".
                ObjectNode renamed = f.parent().objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = f.parent().fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    renamed.set(e.getKey().equals(f.name()) ? f.name() + "e" : e.getKey(), e.getValue());
                }
                f.parent().removeAll();
                f.parent().setAll(renamed);
                String where = original.path("kind").asText() + " " + f.path();
                List<String> errors = SCHEMA.validate(copy);
                boolean refused = errors.contains(f.path() + "e: unknown field \"" + f.name() + "e\"")
                        // Without apiVersion or kind the object has no schema: refused as a whole.
                        || f.path().matches("apiVersion|kind") && errors.stream().anyMatch(e -> e.startsWith("(root): no kind"));
                if (refused) {
                    caught.add(where);
                } else {
                    notCaught.add(where);
                }
            }
        }
        assertThat(caught).as("field names whose typo was refused").contains(
                "Job spec.completionMode", "Job spec.template.spec.containers[0].securityContext.capabilities.add",
                "Job spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name",
                "Deployment spec.template.spec.containers[0].ports[0].containerPort", "Service spec.ports[0].targetPort",
                "Namespace metadata.labels", "Job apiVersion", "Service kind");
        // Only the keys of maps may be anything: labels, selectors of labels, resource amounts.
        assertThat(notCaught).as("typos not refused").allMatch(w -> w.matches(
                "\\w+ (.*\\.)?(labels|matchLabels|requests|limits)\\.[^\\[]+|Service spec\\.selector\\.[^\\[]+"));
    }

    private static List<Field> fieldsOf(JsonNode object) {
        List<Field> all = new ArrayList<>();
        fields(object, "", all);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            completionMode: Indexed      | completionMod: Indexed        | spec.completionMod: unknown field "completionMod"
            completions: 4               | completions: four             | spec.completions: expected an integer, got the string "four"
            parallelism: 4               | parallelism: "4"              | spec.parallelism: expected an integer, got the string "4"
            - name: netsweep             | - nme: netsweep               | spec.template.spec.containers[0]: missing required field "name"
            runAsNonRoot: true           | runAsNonRoot: yes please      | expected a boolean, got the string "yes please"
            restartPolicy: Never         | restartPolicy: [Never]        | spec.template.spec.restartPolicy: expected a string, got an array
            """)
    void aMistakeInTheJobIsRefusedWithItsPath(String good, String bad, String error) throws Exception {
        String text = Files.readString(DIR.resolve("scan-job.yaml"));
        assertThat(text).contains(good);
        JsonNode job = documents(text.replaceFirst(java.util.regex.Pattern.quote(good),
                java.util.regex.Matcher.quoteReplacement(bad))).getFirst();
        assertThat(SCHEMA.validate(job)).anyMatch(e -> e.contains(error));
    }

    @Test
    void anUnknownKindOrADuplicateFieldIsRefused() throws Exception {
        JsonNode job = only("Job").deepCopy();
        ((ObjectNode) job).put("apiVersion", "batch/v2");
        assertThat(SCHEMA.validate(job)).singleElement().asString().contains("no kind Job in batch/v2");
        String text = Files.readString(DIR.resolve("ui-service.yaml")).replace("  type: ClusterIP\n",
                "  type: ClusterIP\n  type: NodePort\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> documents(text)).hasMessageContaining("Duplicate field 'type'");
    }

    @Test
    void theJobScansOneShardPerIndexIntoTheDatabaseOfTheSecret() throws Exception {
        JsonNode job = only("Job");
        JsonNode spec = job.path("spec");
        assertThat(spec.path("completionMode").asText()).isEqualTo("Indexed");
        int shards = spec.path("completions").asInt();
        assertThat(shards).isGreaterThan(1);
        assertThat(spec.path("parallelism").asInt()).isEqualTo(shards);
        JsonNode container = spec.at("/template/spec/containers/0");
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        assertThat(String.join(" ", args)).contains("--shard env/" + shards, "--db $(NETSWEEP_DB)")
                .containsPattern("--seed [0-9]+");
        assertThat(envFromSecret(container, "NETSWEEP_DB")).isEqualTo("netsweep-db/url");
        // Every pod of one run, a retried one too, names the run by the Job's uid, which the next run does not share.
        JsonNode run = null;
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals("NETSWEEP_RUN")) {
                run = env;
            }
        }
        assertThat(run).as("NETSWEEP_RUN").isNotNull();
        assertThat(run.at("/valueFrom/fieldRef/fieldPath").asText())
                .isEqualTo("metadata.labels['batch.kubernetes.io/controller-uid']");
        assertThat(spec.at("/template/spec/restartPolicy").asText()).isEqualTo("Never");
    }

    @Test
    void theScanGetsNetRawAndNothingElseAndNothingRunsAsRoot() throws Exception {
        JsonNode scan = only("Job").at("/spec/template/spec");
        JsonNode ui = only("Deployment").at("/spec/template/spec");
        JsonNode caps = scan.at("/containers/0/securityContext/capabilities");
        assertThat(caps.path("drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(caps.path("add").toString()).isEqualTo("[\"NET_RAW\"]");
        assertThat(ui.at("/containers/0/securityContext/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(ui.at("/containers/0/securityContext/capabilities/add").isMissingNode()).isTrue();
        for (JsonNode pod : List.of(scan, ui)) {
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
            assertThat(pod.path("containers")).allSatisfy(c -> {
                assertThat(c.at("/securityContext/privileged").asBoolean(false)).isFalse();
                assertThat(c.at("/securityContext/runAsUser").asInt(1)).isPositive();
            });
            assertThat(pod.path("hostNetwork").asBoolean(false)).isFalse();
        }
    }

    /** The capabilities the baseline Pod Security Standard lets a container add (restricted: NET_BIND_SERVICE only). */
    private static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    @Test
    void theNamespaceAdmitsTheCapabilitiesItsPodsAdd() throws Exception {
        String level = only("Namespace").at("/metadata/labels").path("pod-security.kubernetes.io/enforce").asText("privileged");
        List<String> added = new ArrayList<>();
        for (JsonNode pod : List.of(only("Job").at("/spec/template/spec"), only("Deployment").at("/spec/template/spec"))) {
            pod.path("containers").forEach(c -> c.at("/securityContext/capabilities/add").forEach(a -> added.add(a.asText())));
        }
        assertThat(added).contains("NET_RAW");
        Set<String> admitted = switch (level) {
            case "privileged" -> null;
            case "baseline" -> BASELINE_CAPABILITIES;
            case "restricted" -> Set.of("NET_BIND_SERVICE");
            default -> throw new AssertionError("unknown Pod Security Standard level " + level);
        };
        if (admitted != null) {
            assertThat(admitted).as("capabilities the %s level admits", level).containsAll(added);
        }
    }

    @Test
    void theUiReadsTheSameDatabaseBehindItsService() throws Exception {
        JsonNode deployment = only("Deployment");
        JsonNode service = only("Service");
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args.getFirst()).isEqualTo("ui");
        assertThat(String.join(" ", args)).contains("--db $(NETSWEEP_DB)", "--no-open", "--bind 0.0.0.0");
        assertThat(envFromSecret(container, "NETSWEEP_DB")).isEqualTo(envFromSecret(
                only("Job").at("/spec/template/spec/containers/0"), "NETSWEEP_DB"));
        assertThat(deployment.at("/spec/template/metadata/labels")).isEqualTo(service.at("/spec/selector"));
        assertThat(deployment.at("/spec/selector/matchLabels")).isEqualTo(service.at("/spec/selector"));
        String portName = service.at("/spec/ports/0/targetPort").asText();
        JsonNode port = container.path("ports").get(0);
        assertThat(port.path("name").asText()).isEqualTo(portName);
        assertThat(args).containsSequence("--port", port.path("containerPort").asText());
    }

    /** Where variable {@code name} of {@code container} comes from, as secret/key. */
    private static String envFromSecret(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(name)) {
                JsonNode ref = env.at("/valueFrom/secretKeyRef");
                return ref.path("name").asText() + "/" + ref.path("key").asText();
            }
        }
        return "(not set)";
    }
}
