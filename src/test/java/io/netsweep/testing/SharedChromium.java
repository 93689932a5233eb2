package io.netsweep.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link HeadlessChromium} for all the tests of a class, each given a fresh page: a test (or its
 * {@code @BeforeEach}) that declares a {@code HeadlessChromium} parameter gets the class's browser, started on
 * first use and closed when the class is done, with a new tab, the default window size and an empty console
 * log ({@link HeadlessChromium#freshPage}). Starting Chromium and chromedriver per test cost seconds each on a
 * loaded machine. The tests stay independent: the page's state (sessionStorage, the DOM) belongs to its tab,
 * and each test serves its page from a server of its own, at another origin.
 *
 * <p>Use with {@code @ExtendWith(SharedChromium.class)}. Tests of one class run one after another on the
 * browser; JUnit closes it (its profile removed) with the class's extension context.
 */
public final class SharedChromium implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedChromium.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == HeadlessChromium.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext forClass = context;
        while (forClass.getTestMethod().isPresent() && forClass.getParent().isPresent()) {
            forClass = forClass.getParent().get();
        }
        HeadlessChromium chromium = forClass.getStore(NAMESPACE)
                .getOrComputeIfAbsent(HeadlessChromium.class, k -> start(), HeadlessChromium.class);
        chromium.freshPage();
        return chromium;
    }

    private static HeadlessChromium start() {
        try {
            return HeadlessChromium.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
