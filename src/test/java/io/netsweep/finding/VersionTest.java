package io.netsweep.finding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Versions compare as PEP 440 and SemVer agree; what is not a version is refused, never guessed at. */
class VersionTest {

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
            "0.1.4, 0.1.34", "0.1.34, 0.2", "2.9, 2.10", "1.0rc1, 1.0", "1.0.dev3, 1.0a1", "1.0a1, 1.0b1",
            "1.0b2, 1.0rc1", "1.0, 1.0.post1", "v0.5.6, 0.5.7", "2.0.0-beta, 2.0.0", "0.6.4.post1, 0.6.5"})
    void ordersVersions(String lower, String higher) {
        Version a = Version.parse(lower).orElseThrow();
        Version b = Version.parse(higher).orElseThrow();
        assertThat(a).isLessThan(b);
        assertThat(b).isGreaterThan(a);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"1.2, 1.2.0", "0.5.7, v0.5.7", "2.5.1+cu124, 2.5.1"})
    void equalVersions(String a, String b) {
        assertThat(Version.parse(a).orElseThrow()).isEqualByComparingTo(Version.parse(b).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "latest", "dev", "b4102-8f1d81a0", "1.2.3 (abc)", "1..2", "٥.٠"})
    void refusesWhatIsNotAVersion(String text) {
        assertThat(Version.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{1} in {0}: {2}")
    @CsvSource(delimiter = ';', value = {
            "< 0.1.34; 0.1.33; true", "< 0.1.34; 0.1.34; false", ">= 4.3, < 4.13.0; 4.3; true",
            ">= 4.3, < 4.13.0; 4.13.0; false", ">= 4.3, < 4.13.0; 4.2.9; false", "<= 2.53.0; 2.53.0; true",
            "= 1.0; 1.0.0; true", "> 1.0; 1.0.post1; true"})
    void rangesHoldWhereEveryBoundHolds(String range, String version, boolean in) {
        assertThat(VersionRange.parse(range).orElseThrow().contains(Version.parse(version).orElseThrow())).isEqualTo(in);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.0", "~> 1.0", "< ", "< 1.0,", "<= latest", ">= 1.0, < b5662", "< b", "< b5662x"})
    void refusesUnreadableRanges(String range) {
        assertThat(VersionRange.parse(range)).isEmpty();
    }

    @ParameterizedTest(name = "{1} in {0}: {2}")
    @CsvSource(delimiter = ';', value = {
            "< b5662; b5661-a4417ddd; true", "< b5662; b5662-a4417ddd; false", "< b5662; b5662; false",
            "< b5662; b999; true", ">= b4000, < b5000; b4570-a4417ddd; true", ">= b4000, < b5000; b3999; false"})
    void buildRangesHoldBuildNumbersOfLlamaCpp(String range, String version, boolean in) {
        VersionRange r = VersionRange.parse(range).orElseThrow();
        assertThat(r.scheme()).isEqualTo(Version.Scheme.BUILD);
        assertThat(r.contains(Version.parse(version, Version.Scheme.BUILD).orElseThrow())).isEqualTo(in);
    }

    @ParameterizedTest
    @ValueSource(strings = {"b5662-", "b-5662", "5662", "b5662-XYZW", "b5662.1", "build 5662"})
    void refusesWhatIsNotABuildNumber(String text) {
        assertThat(Version.parse(text, Version.Scheme.BUILD)).isEmpty();
    }

    @Test
    void versionsOfTwoSchemesAreNeverInOneRange() {
        assertThat(VersionRange.parse("< b5662").orElseThrow().contains(Version.parse("1.0").orElseThrow())).isFalse();
        assertThat(VersionRange.parse("< 5662").orElseThrow()
                .contains(Version.parse("b100", Version.Scheme.BUILD).orElseThrow())).isFalse();
    }
}
