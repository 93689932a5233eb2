package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --db postgresql://...}: libpq's URL form, the password never shown. */
class PostgresUrlTest {
    @Test
    void everyPartIsReadAndThePasswordIsLeftOutOfWhatIsShown() {
        PostgresUrl u = PostgresUrl.parse("postgresql://scan%40ner:p%3Ass@db.lab.example:6543/net%20sweep"
                + "?sslmode=require&connect_timeout=5");
        assertThat(u.user()).contains("scan@ner");
        assertThat(u.password()).contains("p:ss");
        assertThat(u.host()).isEqualTo("db.lab.example");
        assertThat(u.port()).isEqualTo(6543);
        assertThat(u.database()).contains("net sweep");
        assertThat(u.params()).isEqualTo(Map.of("sslmode", "require", "connect_timeout", "5"));
        assertThat(u.display()).isEqualTo("postgresql://scan@ner@db.lab.example:6543/net sweep?connect_timeout=5&sslmode=require");
        assertThat(u.toString()).isEqualTo(u.display()).doesNotContain("p:ss");
        assertThat(u.jdbcUrl(v -> null)).isEqualTo("jdbc:postgresql://db.lab.example:6543/net%20sweep");
    }

    @Test
    void aCommandLineArgumentKeepsItsUrlButNotItsPassword() {
        assertThat(PostgresUrl.withoutPassword("postgresql://scanner:hunter2@db.lab:5432/netsweep"))
                .isEqualTo("postgresql://scanner@db.lab:5432/netsweep");
        assertThat(PostgresUrl.withoutPassword("--db=POSTGRES://scanner:hun@ter2@db.lab/x?sslmode=nope"))
                .as("malformed, and an unescaped @ in the password").isEqualTo("--db=POSTGRES://scanner@db.lab/x?sslmode=nope");
        assertThat(PostgresUrl.withoutPassword("postgresql://scanner@db.lab:5432/netsweep"))
                .isEqualTo("postgresql://scanner@db.lab:5432/netsweep");
        assertThat(PostgresUrl.withoutPassword("postgresql://db.lab:5432/netsweep")).isEqualTo("postgresql://db.lab:5432/netsweep");
        assertThat(PostgresUrl.withoutPassword("/var/lib/a:b@c.db")).isEqualTo("/var/lib/a:b@c.db");
    }

    @Test
    void defaultsAreLibpqs() {
        PostgresUrl u = PostgresUrl.parse("postgres://db");
        assertThat(u.port()).isEqualTo(PostgresUrl.DEFAULT_PORT);
        assertThat(u.user(Map.of("PGUSER", "ops")::get)).isEqualTo("ops");
        assertThat(u.database(Map.of("PGUSER", "ops")::get)).as("the database defaults to the user's name").isEqualTo("ops");
        assertThat(u.user(v -> null)).isEqualTo(System.getProperty("user.name"));
        assertThat(u.password()).isEmpty();
        PostgresUrl v6 = PostgresUrl.parse("postgresql://u@[::1]:5433/d");
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.jdbcUrl(x -> null)).isEqualTo("jdbc:postgresql://[::1]:5433/d");
        assertThat(PostgresUrl.parse("postgresql://u:@h/d").password()).as("an empty password is a password").contains("");
    }

    @Test
    void aFileNameIsAFile() {
        assertThat(StoreLocation.parse("scans.db")).isEqualTo(new StoreLocation.File(java.nio.file.Path.of("scans.db")));
        assertThat(StoreLocation.parse("postgresql://h/d")).isInstanceOf(PostgresUrl.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://u:SECRET@/d", "postgresql://u:SECRET@h:0/d", "postgresql://u:SECRET@h:99999/d",
            "postgresql://u:SECRET@h:port/d", "postgresql://u:SECRET@h1,h2/d", "postgresql://u:SECRET@h/d?sslmode=maybe",
            "postgresql://u:SECRET@h/d?password=x", "postgresql://u:SECRET%zz@h/d", "postgresql://u:SECRET@h/d%0a",
            "postgresql://u:SECRET@h/d\u001b[2J", "postgresql://u:SECRET@[::1/d", "postgresql://u:SECRET@h/d?connect_timeout=x"})
    void aMalformedUrlIsRefusedWithoutRepeatingIt(String url) {
        assertThatThrownBy(() -> StoreLocation.parse(url)).isInstanceOfSatisfying(IllegalArgumentException.class,
                e -> assertThat(e.getMessage()).contains("PostgreSQL URL").doesNotContain("SECRET")
                        .doesNotContain("\u001b").doesNotContain("\n"));
    }
}
