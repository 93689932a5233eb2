package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Server TLS contexts over certificates that the JDK's keytool makes for a test, in the test's own directory. */
public final class TestCertificates {
    static final char[] PASSWORD = "changeit".toCharArray();

    private final Path dir;

    public TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A self-signed EC certificate for {@code dname}, with keytool's extra {@code options} (-ext, -startdate, ...). */
    public SSLContext selfSigned(String alias, String dname, String... options) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", dname, "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
        args.addAll(List.of(options));
        if (!args.contains("-validity")) {
            args.addAll(List.of("-validity", "30"));
        }
        keytool(args);
        return context(store);
    }

    /** A certificate for {@code dname} signed by a CA keytool makes first (so not self-signed). */
    SSLContext caSigned(String alias, String dname) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        String pass = new String(PASSWORD);
        keytool(List.of("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=netsweep test CA", "-ext", "bc:c", "-validity", "30", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", pass, "-keypass", pass));
        keytool(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "30", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", pass,
                "-keypass", pass));
        Path csr = dir.resolve(alias + ".csr");
        Path crt = dir.resolve(alias + ".crt");
        keytool(List.of("-certreq", "-alias", alias, "-keystore", store.toString(), "-storepass", pass, "-file",
                csr.toString()));
        keytool(List.of("-gencert", "-alias", "ca", "-keystore", store.toString(), "-storepass", pass, "-infile",
                csr.toString(), "-outfile", crt.toString(), "-validity", "30", "-ext", "san=dns:signed.test"));
        keytool(List.of("-importcert", "-alias", alias, "-keystore", store.toString(), "-storepass", pass, "-file",
                crt.toString(), "-noprompt"));
        keytool(List.of("-delete", "-alias", "ca", "-keystore", store.toString(), "-storepass", pass));
        return context(store);
    }

    private static SSLContext context(Path store) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // A keytool run lives a second: C1 and Serial GC halve its CPU time (measured: 1.9 s to 0.9 s under load),
        // and a CA-signed certificate takes six runs.
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("keytool finished").isTrue();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.exitValue()).as("keytool %s: %s", args.getFirst(), output).isZero();
        } finally {
            process.destroyForcibly();
        }
    }
}
