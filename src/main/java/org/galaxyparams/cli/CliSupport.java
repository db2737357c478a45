package org.galaxyparams.cli;

import java.util.List;
import java.util.concurrent.ExecutionException;

/** Small helpers shared by the commands. */
final class CliSupport {
    private static List<String> args = List.of();

    private CliSupport() {}

    static void remember(String[] a) { args = List.of(a); }

    /** The command's own arguments, for file headers (traceability). */
    static List<String> commandLine() { return args; }

    interface IoAction { void run() throws Exception; }

    static void unchecked(IoAction a) {
        try {
            a.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static Exception unwrap(Exception e) {
        if (e instanceof ExecutionException && e.getCause() instanceof Exception c) return c;
        return e;
    }

    /**
     * Refuses an output that is a folder or one of the inputs (a run would replace the data it reads), naming the
     * option and the fix. Call before anything is written or removed.
     */
    static void checkOutput(String option, java.nio.file.Path out, java.nio.file.Path... inputs) throws java.io.IOException {
        try {
            org.galaxyparams.io.OutputFile.check(out, inputs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
