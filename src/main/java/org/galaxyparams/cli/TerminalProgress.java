package org.galaxyparams.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.galaxyparams.sim.ProgressListener;

/** A one-line progress bar with rate and ETA on stderr, redrawn at most every 200 ms. */
final class TerminalProgress implements ProgressListener {
    private final PrintStream out;
    private final String label;
    private final long start = System.nanoTime();
    private long lastDraw;
    private final boolean interactive = System.console() != null;
    private long lastTenth = -1;

    TerminalProgress(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    @Override
    public void progress(long done, long total) {
        long now = System.nanoTime();
        long tenth = total > 0 ? 10 * done / total : 0;
        if (!interactive && tenth == lastTenth && done < total) return; // logs: one line per 10 %
        if (interactive && done < total && now - lastDraw < 200_000_000L) return;
        lastTenth = tenth;
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        int width = 30, filled = total > 0 ? (int) (width * done / total) : 0;
        out.printf(Locale.ROOT, "%s%s [%s%s] %3d%% %d/%d  %.1f/s  ETA %s", interactive ? "\r" : "", label,
                "#".repeat(filled), " ".repeat(width - filled), total > 0 ? 100 * done / total : 0, done, total, rate,
                clock(eta));
        if (done >= total || !interactive) out.println();
        out.flush();
    }

    static String clock(double seconds) {
        if (!Double.isFinite(seconds)) return "--:--";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
