package org.galaxyparams.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.galaxyparams.io.DatasetInfo;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.io.OutputFile;
import org.galaxyparams.sim.GalaxyParams;

/**
 * Fits every image of a FITS dataset or stamp into a CSV ({@link ResultColumns}, after a comment line with the
 * command that reruns it). The CSV is written beside the target under a hidden name and moved into place only when
 * complete: a failure, a full disk or a cancel leaves an existing CSV as it was.
 */
public final class FitFiles {
    private FitFiles() {}

    /** What a run did; {@code rows} in input order (held for the report: a few hundred bytes per image). */
    public record Summary(Path in, Path csv, int images, int failed, boolean cancelled, List<MeasurementRow> rows, double seconds) {
        public String describe() {
            return String.format(Locale.ROOT, "%d images of %s into %s: %d fitted, %d without a fit (their rows say why)%s in %.1f s",
                    images, in.getFileName(), csv, images - failed, failed, cancelled ? ", cancelled: nothing written" : "", seconds);
        }
    }

    /**
     * @param rerun the command that reproduces this run, written as the CSV's first line
     */
    public static Summary run(Fitting fitting, Path in, Path csv, String rerun, Monitor monitor) throws IOException, InterruptedException {
        return run(fitting, in, csv, rerun, Shard.ALL, monitor);
    }

    /** The same for the images {@code shard} owns. */
    public static Summary run(Fitting fitting, Path in, Path csv, String rerun, Shard shard, Monitor monitor)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        List<MeasurementRow> rows = new ArrayList<>();
        try (DatasetReader r = DatasetReader.open(in, fitting.request().pixelScale());
             OutputFile out = OutputFile.open(csv, in)) {
            Fitting.DatasetSummary s;
            BufferedWriter w = out.writer();
            {
                w.write("# " + in + " fitted by " + rerun + " (version " + DatasetInfo.GENERATOR_VERSION + ")");
                w.newLine();
                w.write(ResultColumns.header());
                w.newLine();
                IOException[] failure = new IOException[1];
                s = fitting.dataset(r, in.getFileName().toString(), shard, row -> {
                    rows.add(row.withoutModel());
                    try {
                        if (failure[0] == null) {
                            w.write(ResultColumns.csvLine(row));
                            w.newLine();
                        }
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                }, monitor);
                if (failure[0] != null) throw failure[0]; // names the file and says the old one is kept
            }
            if (!s.cancelled()) out.commit(); // a cancelled run leaves any previous CSV as it was
            return new Summary(in, csv, s.images(), s.failed(), s.cancelled(), rows, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Bias, standard deviation and RMSE of the fitted rows against the file's true parameters, next to the mean
     * Cramer-Rao bound at the estimates; null when the file has no truth.
     */
    public static String report(Summary s) throws IOException {
        try (DatasetReader r = DatasetReader.open(s.in())) {
            if (!r.hasTruth()) return null;
            double[] sum = new double[5], sum2 = new double[5], crb = new double[5];
            int[] crbCount = new int[5];
            int used = 0, converged = 0;
            for (MeasurementRow row : s.rows()) {
                if (!row.ok()) continue;
                double[] e = row.estimate().toArray(), t = r.truth(row.index()).toArray(), err = row.errors();
                for (int k = 0; k < 5; k++) {
                    sum[k] += e[k] - t[k];
                    sum2[k] += (e[k] - t[k]) * (e[k] - t[k]);
                    if (err != null && Double.isFinite(err[k])) {
                        crb[k] += err[k];
                        crbCount[k]++;
                    }
                }
                if (row.fit() != null && row.fit().converged()) converged++;
                used++;
            }
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "report on %d fitted of %d images (%d converged):%n", used,
                    s.images(), converged));
            b.append("  label        bias          std         rmse    mean CRB at the estimates\n");
            for (int k = 0; k < 5; k++) {
                double m = sum[k] / used;
                b.append(String.format(Locale.ROOT, "  %-8s %11.4g %12.4g %12.4g %11.4g%n", GalaxyParams.LABELS[k], m,
                        Math.sqrt(Math.max(0, sum2[k] / used - m * m)), Math.sqrt(sum2[k] / used), crb[k] / crbCount[k]));
            }
            return b.toString();
        }
    }
}
