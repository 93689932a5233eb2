package io.netsweep.store;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Loads the classes a scan into PostgreSQL needs without a server to store into, for the class-data-sharing
 * archive's training run (which stores into SQLite): every class of the driver's jar, loaded and not initialized,
 * the store's own PostgreSQL classes, and the JDK's that the driver's SCRAM authentication uses (SASLprep's
 * normalization, PBKDF2, HMAC-SHA-256). Without them in the archive, each scan into PostgreSQL read and verified some
 * 250 of the driver's classes from its jar and about 200 of the JDK's from its modules. Stateless.
 */
public final class PostgresClasses {
    private PostgresClasses() {}

    /**
     * Loads them.
     *
     * @return how many of the driver's classes were loaded (0 where its jar cannot be found, as when it is not a jar)
     */
    public static int load() {
        ClassLoader loader = PostgresClasses.class.getClassLoader();
        for (Class<?> own : new Class<?>[] {PostgresScanStore.class, RowCopy.class, PgPassword.class, PostgresUrl.class}) {
            own.getName(); // a class literal loads it
        }
        scram();
        Path jar;
        try {
            URL location = org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation();
            jar = Path.of(location.toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return 0; // no code source to list: the driver's classes load on use, as without an archive
        }
        if (!Files.isRegularFile(jar)) {
            return 0;
        }
        int loaded = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                    continue;
                }
                try {
                    Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false,
                            loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    // a class of an optional dependency netsweep does not ship (OSGi, Waffle): never used
                }
            }
        } catch (IOException e) {
            return loaded; // what loaded is in the archive; the rest loads on use
        }
        return loaded;
    }

    /** What SCRAM-SHA-256 authentication does with the JDK's classes, on a made-up password and salt. */
    private static void scram() {
        try {
            String password = Normalizer.normalize("netsweep", Normalizer.Form.NFKC);
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), new byte[16], 1, 256)).getEncoded();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salted, "HmacSHA256"));
            MessageDigest.getInstance("SHA-256").digest(mac.doFinal("Client Key".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            // a runtime without them cannot authenticate by SCRAM either: nothing to load
        }
    }
}
