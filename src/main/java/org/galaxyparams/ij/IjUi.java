package org.galaxyparams.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.plugin.Zoom;

import java.awt.GraphicsEnvironment;

import org.galaxyparams.sim.ProgressListener;

/** Small ImageJ helpers shared by the plugins: messages, the progress bar and Esc. */
final class IjUi {
    private IjUi() {}

    static boolean headless() { return GraphicsEnvironment.isHeadless(); }

    /**
     * Reports a problem: a line in the Log (stdout when headless), so a run that stopped says why where its progress
     * was, and with an ImageJ window also an error dialog (which aborts a running macro), its text wrapped to fit the
     * screen. Without a window (headless, or {@code -batch} where a modal dialog would wait forever) a macro goes on
     * with its next command: one bad file does not stop a folder's loop. Never a stack trace.
     */
    static void error(String title, String message) {
        IJ.log(title + ": " + message);
        if (!headless() && IJ.getInstance() != null) IJ.error(title, MacroForm.wrap(message, MacroForm.MESSAGE_COLUMNS));
    }

    /** The macro options of this call, or null when the command was started interactively. */
    static String macroOptions() { return Macro.getOptions(); }

    /** Logs a warning for each of the macro option keys the form does not know (likely typos), naming the key probably meant. */
    static void warnUnknown(String title, MacroForm form, java.util.List<String> unknownKeys) {
        for (String k : unknownKeys) IJ.log(title + ": ignoring unknown option " + form.describeUnknown(k));
    }

    /**
     * Progress on ImageJ's bar and status line; cancelled when Esc was pressed (call {@link IJ#resetEscape()}
     * before starting).
     */
    static ProgressListener progress(String what) {
        return new ProgressListener() {
            @Override
            public void progress(long done, long total) {
                IJ.showProgress((int) Math.min(done, Integer.MAX_VALUE), (int) Math.min(total, Integer.MAX_VALUE));
                IJ.showStatus(what + " " + done + "/" + total + " (Esc to cancel)");
            }

            @Override
            public boolean isCancelled() { return IJ.escapePressed(); }
        };
    }

    /**
     * A workflow's {@link org.galaxyparams.app.Monitor} in ImageJ: the progress bar and status line, Esc cancels,
     * warnings go to the Log prefixed with the command's title.
     */
    static org.galaxyparams.app.Monitor monitor(String title, String what) {
        ProgressListener bar = progress(what);
        return new org.galaxyparams.app.Monitor() {
            @Override
            public void progress(long done, long total) { bar.progress(done, total); }

            @Override
            public boolean isCancelled() { return IJ.escapePressed(); }

            @Override
            public void warn(String message) { IJ.log(title + ": " + message); }

            @Override
            public void status(String message) { IJ.showStatus(message + " (Esc to cancel)"); }
        };
    }

    /** The request's networks (loaded with the bundle's class loader), or null after telling the user why they could not be. */
    static org.galaxyparams.app.Estimation loadEstimation(String title, org.galaxyparams.app.EstimateRequest request) {
        try {
            return org.galaxyparams.net.DjlRuntime.withBundleClassLoader(() -> {
                try {
                    return org.galaxyparams.app.Estimation.load(request,
                            org.galaxyparams.app.Monitor.of((d, t) -> {}, () -> false, w -> IJ.log(title + ": " + w)));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            done("");
            error(title, "could not load the model: " + e.getCause().getMessage());
        } catch (RuntimeException e) {
            done("");
            error(title, "could not load the model: " + e.getMessage());
        }
        return null;
    }

    /** Shows an image, zoomed in so that small stamps are about 256 screen pixels wide. */
    static void show(ImagePlus imp) {
        imp.show();
        if (imp.getWindow() != null && imp.getWidth() < 128) Zoom.set(imp, Math.max(1, 256 / imp.getWidth()));
    }

    /** Hides the progress bar and says what happened in the status line. */
    static void done(String status) {
        IJ.showProgress(1.0);
        IJ.showStatus(status);
    }
}
