package org.galaxyparams.cli;

/** Lets tests of other packages run a CLI command in-process. */
public final class CliTestAccess {
    private CliTestAccess() {}

    public static int main(String... args) { return Main.execute(args); }
}
