package io.netsweep.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest; "dev" when run from classes. */
final class VersionProvider implements IVersionProvider {
    static String version() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"netsweep " + version() + " (Java " + Runtime.version().feature() + ")"};
    }
}
