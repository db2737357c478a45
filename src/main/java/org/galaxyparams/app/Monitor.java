package org.galaxyparams.app;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.galaxyparams.sim.ProgressListener;

/**
 * What a workflow tells its front-end while it runs, and how the front-end stops it: progress, a status line,
 * warnings, and cancellation (polled between items, so a cancelled run ends after the item under way). Fiji maps it
 * to the progress bar and Esc, SciJava to its StatusService and thread interruption, the CLI to stderr.
 */
public interface Monitor extends ProgressListener {
    /** Shows nothing and never cancels. */
    Monitor SILENT = of((done, total) -> {}, () -> false, w -> {});

    /** A warning about one item (a file that cannot be read, a value assumed): the run goes on. */
    void warn(String message);

    /** What is being done now (loading a model...). */
    default void status(String message) {}

    static Monitor of(ProgressListener progress, BooleanSupplier cancelled, Consumer<String> warnings) {
        return new Monitor() {
            @Override
            public void progress(long done, long total) { progress.progress(done, total); }

            @Override
            public boolean isCancelled() { return cancelled.getAsBoolean(); }

            @Override
            public void warn(String message) { warnings.accept(message); }
        };
    }
}
