package io.netsweep.identify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fakes of the catalogue's products (and look-alikes), read from {@code product-fakes/} beside this class, one
 * file per file of the product catalogue (same name) and {@code look-alikes.txt}:
 * each answers a few GET paths as the product's documentation or source says it does, and states what
 * identification must report for it.
 *
 * <pre>
 * fake NAME                          a new fake
 * expect product NAME|-              - : nothing may be identified
 * expect version V|-                 - : no version
 * expect auth none|required|unknown
 * expect category C
 * expect models A, B                 names the identity must list (in this order, among others)
 * expect also PRODUCT                another product whose evidence this one carries too (it builds on it)
 * port N                             bind this port (on an address of the test's own), to exercise port hints
 * answer PATH STATUS [CONTENT-TYPE]  the answer to GET PATH (* for every other path); its body follows
 * header NAME: VALUE                 a header of the answer above
 * </pre>
 */
final class ProductFakes {
    static final String LOOK_ALIKES = "look-alikes.txt";

    /** One answer: status, content type, headers and body. */
    record Answer(int status, String contentType, Map<String, String> headers, String body) {
        FakeService.Reply reply() {
            FakeService.Reply reply = new FakeService.Reply(status, contentType, body, Map.of());
            for (Map.Entry<String, String> h : headers.entrySet()) {
                reply = reply.header(h.getKey(), h.getValue());
            }
            return reply;
        }
    }

    /** One fake and what it must be identified as. */
    record Spec(String name, String file, Map<String, String> expect, List<String> also, Optional<Integer> port,
            Map<String, Answer> answers) {
        Optional<String> product() {
            String p = expect.getOrDefault("product", "-");
            return p.equals("-") ? Optional.empty() : Optional.of(p);
        }

        FakeService.Builder builder(InetAddress address) {
            FakeService.Builder b = FakeService.builder(name).bind(address, port.orElse(0));
            answers.forEach((path, answer) -> {
                if (path.equals("*")) {
                    b.fallback(answer.reply());
                } else {
                    b.route(path, answer.reply());
                }
            });
            return b;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private ProductFakes() {}

    static List<Spec> all() {
        List<Spec> specs = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (String line : read("products/index.txt").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                files.add(line.strip());
            }
        }
        files.add(LOOK_ALIKES);
        for (String file : files) {
            if (ProductFakes.class.getResource("product-fakes/" + file) != null) {
                specs.addAll(parse(file, read("product-fakes/" + file)));
            }
        }
        return specs;
    }

    static List<Spec> parse(String file, String text) {
        List<Spec> specs = new ArrayList<>();
        String name = null;
        Map<String, String> expect = null;
        List<String> also = null;
        Optional<Integer> port = Optional.empty();
        Map<String, Answer> answers = null;
        String path = null;
        int status = 0;
        String type = null;
        Map<String, String> headers = null;
        StringBuilder body = null;
        List<String> lines = new ArrayList<>(text.lines().toList());
        lines.add("fake end-of-file");
        for (String line : lines) {
            boolean directive = line.startsWith("fake ") || line.startsWith("expect ") || line.startsWith("answer ")
                    || line.startsWith("header ") || line.startsWith("port ") || line.startsWith("#");
            if (!directive) {
                if (body == null) {
                    if (!line.isBlank()) {
                        throw new IllegalArgumentException(file + ": text outside an answer: " + line);
                    }
                    continue;
                }
                body.append(line).append('\n');
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (body != null && !line.startsWith("header ")) {
                answers.put(path, new Answer(status, type, Map.copyOf(headers), body.toString().strip()));
                body = null;
            }
            String[] parts = line.split("\\s+", 3);
            switch (parts[0]) {
                case "fake" -> {
                    if (name != null) {
                        specs.add(new Spec(name, file, Map.copyOf(expect), List.copyOf(also), port, Map.copyOf(answers)));
                    }
                    name = parts[1];
                    expect = new LinkedHashMap<>();
                    also = new ArrayList<>();
                    port = Optional.empty();
                    answers = new LinkedHashMap<>();
                }
                case "expect" -> {
                    if (parts[1].equals("also")) {
                        also.add(parts[2]);
                    } else {
                        expect.put(parts[1], parts[2]);
                    }
                }
                case "port" -> port = Optional.of(Integer.parseInt(parts[1]));
                case "answer" -> {
                    String[] a = line.split("\\s+", 4);
                    path = a[1];
                    status = Integer.parseInt(a[2]);
                    type = a.length > 3 ? a[3] : null;
                    headers = new LinkedHashMap<>();
                    body = new StringBuilder();
                }
                case "header" -> {
                    String[] h = line.substring("header ".length()).split(":\\s*", 2);
                    headers.put(h[0], h[1]);
                }
                default -> throw new IllegalArgumentException(file + ": " + line);
            }
        }
        return specs;
    }

    private static String read(String resource) {
        try (InputStream in = ProductFakes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
