package org.galaxyparams.report;

import ij.gui.Plot;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.galaxyparams.eval.EvaluationSamples;
import org.galaxyparams.eval.LabelStatistics;
import org.galaxyparams.sim.GalaxyParams;

/**
 * {@code evaluate --report DIR}: report.html with PNG figures drawn by ImageJ's {@link Plot}, headless. ImageJ is
 * already in the bundle (no plotting jar to install into Fiji), and Fiji draws the same figures the same way.
 * <ul>
 * <li>per preset and label: estimated against true (translucent points: dark where they crowd) and the
 * estimate's error against the stamp's SNR;</li>
 * <li>per fixed-galaxy set: bias and standard deviation next to the Cramer-Rao bound, per label;</li>
 * <li>when the estimator gives errors: the fraction of stamps within k errors against the Gaussian expectation;</li>
 * <li>the Markdown tables of the run, as text.</li>
 * </ul>
 */
public final class EvaluationReport {
    private static final String[] UNITS = {"counts", "", "arcsec", "", ""};
    private static final Color POINTS = new Color(30, 80, 200, 35);
    private final Path dir;
    private final StringBuilder html = new StringBuilder();

    public EvaluationReport(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Galaxy Params evaluation</title>"
                + "<style>body{font-family:sans-serif;max-width:1100px;margin:auto} img{width:32%;min-width:300px}"
                + " pre{background:#f4f4f4;padding:8px;overflow-x:auto}</style></head><body><h1>Galaxy Params evaluation</h1>\n");
    }

    /** True against estimated and error against SNR, per label, for one preset. */
    public void addPreset(EvaluationSamples s) throws IOException {
        html.append("<h2>").append(s.set()).append(" (").append(s.count()).append(" stamps)</h2>\n<p>Estimated against true; the line is"
                + " estimated = true.</p>\n");
        for (int k = 0; k < 5; k++)
            image(trueAgainstEstimated(s.set(), k, column(s.truth(), k), column(s.estimate(), k)), s.set() + "-" + GalaxyParams.LABELS[k] + ".png");
        html.append("<p>Error (estimated − true) against the stamp's SNR.</p>\n");
        for (int k = 0; k < 5; k++) {
            double[] d = new double[s.count()];
            for (int i = 0; i < d.length; i++) d[i] = s.estimate()[i][k] - s.truth()[i][k];
            Plot p = new Plot(s.set() + " " + label(k) + " error", "SNR", "error of " + label(k));
            p.setColor(POINTS);
            p.add("dot", s.snr(), d);
            p.setColor(Color.RED);
            p.drawLine(min(s.snr()), 0, max(s.snr()), 0);
            image(p, s.set() + "-" + GalaxyParams.LABELS[k] + "-snr.png");
        }
        if (s.errors() != null) addCalibration(s);
    }

    /**
     * Estimated against true for one label, translucent points (dark where they crowd) and the line estimated = true:
     * the figure of the report and of Fiji's Plot Estimates.
     */
    public static Plot trueAgainstEstimated(String set, int k, double[] truth, double[] estimate) {
        Plot p = new Plot(set + " " + label(k), "true " + label(k), "estimated " + label(k));
        p.setColor(POINTS);
        p.add(truth.length > 2000 ? "dot" : "circle", truth, estimate);
        double lo = Math.min(min(truth), min(estimate)), hi = Math.max(max(truth), max(estimate));
        p.setColor(Color.RED);
        p.drawLine(lo, lo, hi, hi);
        p.setLimits(lo, hi, lo, hi);
        return p;
    }

    /** Bias and standard deviation against the Cramer-Rao bound, per label (each relative to the bound). */
    public void addFixedSet(EvaluationSamples s, double[] crb) throws IOException {
        LabelStatistics st = s.statistics();
        double[] x = {1, 2, 3, 4, 5}, bias = new double[5], std = new double[5], one = {1, 1, 1, 1, 1};
        for (int k = 0; k < 5; k++) {
            bias[k] = st.bias(k) / crb[k];
            std[k] = st.std(k) / crb[k];
        }
        Plot p = new Plot(s.set() + " bias and std / CRB", "label (1 flux, 2 sersic_n, 3 hlr, 4 g1, 5 g2)", "in Cramer-Rao bounds");
        p.setColor(Color.BLUE);
        p.add("circle", x, std);
        p.setColor(Color.ORANGE);
        p.add("box", x, bias);
        p.setColor(Color.RED);
        p.add("line", x, one);
        p.addLegend("std / CRB\nbias / CRB\nCRB");
        html.append("<h2>").append(s.set()).append(" (").append(s.count()).append(" stamps of one galaxy)</h2>\n<p>Standard deviation"
                + " and bias of the estimates in units of the Cramer-Rao bound (an unbiased estimator cannot go below 1).</p>\n");
        image(p, s.set() + "-crb.png");
        if (s.errors() != null) addCalibration(s);
    }

    /** Fraction within k errors against 2 Phi(k) - 1, per label. */
    private void addCalibration(EvaluationSamples s) throws IOException {
        int n = 24;
        double[] k = new double[n], gauss = new double[n];
        double[][] frac = new double[5][n];
        for (int i = 0; i < n; i++) {
            k[i] = 0.125 * (i + 1);
            gauss[i] = org.apache.commons.math3.special.Erf.erf(k[i] / Math.sqrt(2));
            double[] c = s.coverage(k[i]);
            for (int l = 0; l < 5; l++) frac[l][i] = c[l];
        }
        Plot p = new Plot(s.set() + " calibration", "k (standard errors)", "fraction with |error| < k err");
        Color[] colors = {Color.BLUE, Color.GREEN.darker(), Color.MAGENTA, Color.ORANGE, Color.CYAN.darker()};
        for (int l = 0; l < 5; l++) {
            p.setColor(colors[l]);
            p.add("line", k, frac[l]);
        }
        p.setColor(Color.BLACK);
        p.add("dot", k, gauss);
        p.addLegend(String.join("\n", GalaxyParams.LABELS) + "\nGaussian");
        html.append("<p>Calibration of the errors: a calibrated estimator follows the Gaussian curve.</p>\n");
        image(p, s.set() + "-calibration.png");
    }

    /** The run's tables, as they were printed. */
    public void addTables(String markdown) {
        html.append("<h2>Tables</h2>\n<pre>").append(markdown.replace("&", "&amp;").replace("<", "&lt;")).append("</pre>\n");
    }

    /** Writes report.html; returns its path. */
    public Path finish() throws IOException {
        html.append("</body></html>\n");
        Path out = dir.resolve("report.html");
        org.galaxyparams.io.OutputFile.writeString(out, html.toString());
        return out;
    }

    private void image(Plot p, String name) throws IOException {
        p.setSize(460, 360);
        try (org.galaxyparams.io.OutputFile f = org.galaxyparams.io.OutputFile.open(dir.resolve(name))) {
            if (!ImageIO.write(p.getImagePlus().getBufferedImage(), "png", f.stream()))
                throw new IOException("no PNG writer in this Java: " + dir.resolve(name) + " not written");
            f.commit();
        }
        html.append("<img src=\"").append(name).append("\" alt=\"").append(name).append("\">\n");
    }

    public static String label(int k) {
        return GalaxyParams.LABELS[k] + (UNITS[k].isEmpty() ? "" : " (" + UNITS[k] + ")");
    }

    private static double[] column(double[][] rows, int k) {
        double[] c = new double[rows.length];
        for (int i = 0; i < c.length; i++) c[i] = rows[i][k];
        return c;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) if (Double.isFinite(x)) m = Math.min(m, x);
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) if (Double.isFinite(x)) m = Math.max(m, x);
        return m;
    }

    /** Names of the PNG files written so far (for tests). */
    public List<Path> images() throws IOException {
        List<Path> out = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".png")).sorted().forEach(out::add);
        }
        return out;
    }

    @Override
    public String toString() { return String.format(Locale.ROOT, "report in %s", dir); }
}
