package org.galaxyparams.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.galaxyparams.fit.DatasetFitter;
import org.galaxyparams.io.DatasetInfo;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.GalaxyParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fit}: maximum-likelihood fit of every image of a dataset into a CSV (one row per image, input order).
 * PSF FWHM and sigma come from the LABELS table or the options; true parameters are never read by the fit
 * ({@code --report} compares with them afterwards, when the file has them).
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Fits flux, sersic_n, hlr, g1, g2 to every image of a FITS dataset by maximum likelihood (L-BFGS-B).")
final class FitCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, description = "FITS dataset (SPEC section 3) or a single stamp")
    Path in;
    @Option(names = "--out", required = true, description = "CSV of estimates, errors (Cramer-Rao) and diagnostics")
    Path out;
    @Option(names = "--psf-fwhm", description = "PSF FWHM in arcsec (default: PSF_FWHM from the labels)")
    Double psfFwhm;
    @Option(names = "--beta", description = "Moffat beta (default: PSFBETA from the header, else 2)")
    Double beta;
    @Option(names = "--sigma", description = "noise sigma in counts (default: SIGMA from the labels)")
    Double sigma;
    @Option(names = "--pixel-scale", description = "arcsec/pixel when the file has no PIXSCALE")
    Double pixelScale;
    @Option(names = "--threads", description = "worker threads (default: all cores)")
    Integer threads;
    @Option(names = "--count", description = "fit only the first N images")
    Integer count;
    @Option(names = "--free-centre", description = "also fit the centre (offsets within 3 pixels of the stamp centre)")
    boolean freeCentre;
    @Option(names = "--report", description = "after fitting, print bias, std and RMSE against the file's true parameters")
    boolean report;

    static final String HEADER = DatasetFitter.HEADER;

    @Override
    public Integer call() throws Exception {
        CliSupport.checkOutput("--out", out, in);
        try (DatasetReader r = DatasetReader.open(in, pixelScale == null ? Double.NaN : pixelScale)) {
            int n = count == null ? r.count() : Math.min(count, r.count());
            DatasetFitter fitter = new DatasetFitter(r, psfFwhm == null ? Double.NaN : psfFwhm, sigma == null ? Double.NaN : sigma,
                    beta == null ? Double.NaN : beta, freeCentre, "--psf-fwhm", "--sigma");
            int workers = threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
            Path tmp = org.galaxyparams.io.TempFiles.track(out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".tmp"));
            TerminalProgress progress = new TerminalProgress(System.err, "fit");
            int failed;
            try {
                PrintWriter w = new PrintWriter(Files.newBufferedWriter(tmp));
                try {
                    w.println("# " + in + " fitted by Galaxy_Params.jar " + String.join(" ", CliSupport.commandLine())
                            + " (version " + DatasetInfo.GENERATOR_VERSION + ")");
                    w.println(HEADER);
                    failed = fitter.fit(n, workers, w::println, progress);
                } finally {
                    w.close();
                }
                // PrintWriter keeps write errors to itself: ask, so a full disk is not reported as success
                if (w.checkError())
                    throw new java.io.IOException("could not write all rows to " + tmp + " (disk full?): " + out + " is left as it was");
                Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
                org.galaxyparams.io.TempFiles.release(tmp);
            }
            System.out.printf(Locale.ROOT, "fitted %d images into %s (%d could not be fitted)%n", n, out, failed);
            if (report) printReport(r, out, n);
        }
        return 0;
    }

    /** Bias, std and RMSE of the estimates against the file's truth, next to the mean Cramer-Rao bound. */
    private static void printReport(DatasetReader r, Path csv, int n) throws IOException {
        if (!r.hasTruth()) {
            System.out.println("no true parameters in " + r.path() + ": no report");
            return;
        }
        List<String> lines = Files.readAllLines(csv);
        double[] sum = new double[5], sum2 = new double[5], crb = new double[5];
        int[] crbCount = new int[5];
        int used = 0, converged = 0;
        for (String line : lines) {
            if (line.startsWith("#") || line.startsWith("index")) continue;
            String[] f = line.split(",");
            if (f[1].isEmpty()) continue;
            int i = Integer.parseInt(f[0]);
            double[] t = r.truth(i).toArray();
            for (int k = 0; k < 5; k++) {
                double d = Double.parseDouble(f[1 + k]) - t[k];
                sum[k] += d;
                sum2[k] += d * d;
                double e = Double.parseDouble(f[6 + k]);
                if (Double.isFinite(e)) {
                    crb[k] += e;
                    crbCount[k]++;
                }
            }
            converged += Integer.parseInt(f[14]);
            used++;
        }
        System.out.printf(Locale.ROOT, "report on %d fitted of %d images (%d converged):%n", used, n, converged);
        System.out.println("  label        bias          std         rmse    mean CRB at the estimates");
        for (int k = 0; k < 5; k++) {
            double m = sum[k] / used;
            System.out.printf(Locale.ROOT, "  %-8s %11.4g %12.4g %12.4g %11.4g%n", GalaxyParams.LABELS[k], m,
                    Math.sqrt(Math.max(0, sum2[k] / used - m * m)), Math.sqrt(sum2[k] / used), crb[k] / crbCount[k]);
        }
    }
}
