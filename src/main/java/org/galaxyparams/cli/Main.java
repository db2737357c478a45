package org.galaxyparams.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar Galaxy_Params.jar <command> ...}: the headless entry point. */
@Command(name = "galaxy-params", mixinStandardHelpOptions = true, version = "Galaxy Params 0.1",
        description = "Simulates and measures galaxies (flux, Sersic index, half-light radius, shear).",
        subcommands = {SimulateCommand.class, FitCommand.class, TrainCommand.class, EstimateCommand.class, EvaluateCommand.class,
                InspectCommand.class, BenchCommand.class, MergeCommand.class, SlurmCommand.class, CalibrateCommand.class,
                CatalogCommand.class, SimulateFieldCommand.class, TuneCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // DJL logs through SLF4J and the command line ships no binding: say nothing rather than three warning lines
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        java.util.Optional<Integer> rerun = MallocSettings.rerunWithSettings(args);
        System.exit(rerun.isPresent() ? rerun.get() : execute(args));
    }

    /** Runs a command line; returns the exit code (errors are printed as one clear line, no stack trace). */
    public static int execute(String... args) {
        CliSupport.remember(args);
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("error: " + message(ex));
            return 2;
        });
        return cl.execute(args);
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }
}
