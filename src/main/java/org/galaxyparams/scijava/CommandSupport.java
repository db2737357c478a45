package org.galaxyparams.scijava;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.galaxyparams.sim.ProgressListener;
import org.scijava.app.StatusService;

/** Small helpers shared by the SciJava commands of this package. */
final class CommandSupport {
    /** A command's work: its one-line summary, or a Failure / unchecked argument error naming the problem. */
    interface Work {
        String run() throws Failure, java.io.IOException, InterruptedException;
    }

    /**
     * Runs a command's work and returns its summary: logged as info; an interruption logged as a warning ("cancelled,
     * " + {@code notWritten}); a mistake logged as an error. Either of the last two cancels the command with the reason.
     */
    static String run(String title, Work work, org.scijava.log.LogService log, org.scijava.command.ContextCommand command, String notWritten) {
        String summary;
        try {
            summary = title + ": " + work.run();
            log.info(summary);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            summary = title + ": cancelled, " + notWritten;
            log.warn(summary);
            command.cancel(summary);
        } catch (Failure | IllegalArgumentException | IllegalStateException | java.io.IOException e) {
            summary = title + ": " + e.getMessage();
            log.error(summary);
            command.cancel(e.getMessage());
        }
        return summary;
    }

    /** Menu under which the commands appear (Fiji: Plugins &gt; Galaxy Params &gt; Headless). */
    static final String MENU = "Plugins>Galaxy Params>Headless>";

    private CommandSupport() {}

    /** A user mistake or an unusable file: reported as a message (no stack trace) and the command is canceled. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /** {@code file} as an absolute path; a Failure naming {@code key} if it is missing. */
    static Path path(File file, String key) throws Failure {
        if (file == null || file.getPath().isBlank()) throw new Failure(key + " is required: give " + key + "='/path'");
        return file.toPath().toAbsolutePath();
    }

    /** {@code file} as an existing path (file or folder). */
    static Path existing(File file, String key) throws Failure {
        Path p = path(file, key);
        if (!Files.exists(p)) throw new Failure(key + "='" + p + "' does not exist");
        return p;
    }

    /** Checks that the parent folder of an output exists (SciJava users expect no folders to appear). */
    static Path output(File file, String key) throws Failure {
        Path p = path(file, key);
        if (Files.isDirectory(p)) throw new Failure(key + "='" + p + "' is a folder: give a file name");
        Path parent = p.getParent();
        if (parent != null && !Files.isDirectory(parent)) throw new Failure(key + ": folder " + parent + " does not exist");
        return p;
    }

    /** 0 (or less, or NaN) means "from the file": NaN for the core APIs. */
    static double orNaN(double v) {
        return v > 0 ? v : Double.NaN;
    }

    /** Worker threads: 0 or less means all cores. */
    static int threads(int threads) {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** A parsington string literal for the "how to rerun" text written into file headers. */
    static String quote(Object value) {
        return "'" + String.valueOf(value).replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The {@code --headless --run} call that reproduces a command, for file headers. */
    static String runCall(String title, String args) {
        return "Galaxy_Params.jar (SciJava) --run \"" + title + "\" \"" + args + "\"";
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    /** Forwards progress to the status bar (if there is a StatusService) and polls {@code cancelled}. */
    static ProgressListener progress(StatusService status, String message, BooleanSupplier cancelled) {
        return new ProgressListener() {
            @Override
            public void progress(long done, long total) {
                if (status != null) status.showStatus((int) Math.min(done, Integer.MAX_VALUE), (int) Math.min(total, Integer.MAX_VALUE), message);
            }

            @Override
            public boolean isCancelled() {
                return cancelled.getAsBoolean();
            }
        };
    }

    /** True once the thread running the command is interrupted (the module's future was cancelled). */
    static BooleanSupplier interruptedCheck() {
        Thread worker = Thread.currentThread();
        return worker::isInterrupted;
    }
}
