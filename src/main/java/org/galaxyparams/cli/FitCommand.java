package org.galaxyparams.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.galaxyparams.fit.FitResult;
import org.galaxyparams.fit.MaximumLikelihoodFitter;
import org.galaxyparams.io.DatasetInfo;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.PsfModel;
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

    static final String HEADER = "index,flux,sersic_n,hlr,g1,g2,flux_err,sersic_n_err,hlr_err,g1_err,g2_err,"
            + "chi2_dof,iterations,evaluations,converged,time_s,psf_fwhm,sigma,message,centre_dx,centre_dy";

    @Override
    public Integer call() throws Exception {
        try (DatasetReader r = DatasetReader.open(in, pixelScale == null ? Double.NaN : pixelScale)) {
            DatasetInfo info = r.info();
            int n = count == null ? r.count() : Math.min(count, r.count());
            double b = beta != null ? beta : Double.isNaN(info.psfBeta()) ? 2.0 : info.psfBeta();
            int workers = threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            ThreadLocal<MaximumLikelihoodFitter> fitters = ThreadLocal.withInitial(() -> new MaximumLikelihoodFitter().withFreeCentre(freeCentre));
            List<Future<String>> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                rows.add(pool.submit(() -> fitOne(r, index, b, fitters.get())));
            }
            Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp");
            TerminalProgress progress = new TerminalProgress(System.err, "fit");
            int failed = 0;
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(tmp))) {
                w.println("# " + in + " fitted by Galaxy_Params.jar " + String.join(" ", CliSupport.commandLine())
                        + " (version " + DatasetInfo.GENERATOR_VERSION + ")");
                w.println(HEADER);
                for (int i = 0; i < rows.size(); i++) {
                    String row = rows.get(i).get();
                    if (row.contains("\"error: ")) failed++;
                    w.println(row);
                    progress.progress(i + 1, rows.size());
                }
            } finally {
                pool.shutdownNow();
            }
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.out.printf(Locale.ROOT, "fitted %d images into %s (%d could not be fitted)%n", n, out, failed);
            if (report) printReport(r, out, n);
        }
        return 0;
    }

    private String fitOne(DatasetReader r, int i, double b, MaximumLikelihoodFitter fitter) {
        double fwhm = psfFwhm != null ? psfFwhm : r.psfFwhm(i);
        double s = sigma != null ? sigma : r.sigma(i);
        try {
            if (!(fwhm > 0)) throw new IllegalArgumentException("no PSF FWHM: give --psf-fwhm or a PSF_FWHM label");
            if (!(s > 0)) throw new IllegalArgumentException("no noise sigma: give --sigma or a SIGMA label");
            float[] f = r.noisy(i);
            if (f == null) throw new IllegalArgumentException("no noisy image stored");
            double[] stamp = new double[f.length];
            for (int k = 0; k < f.length; k++) stamp[k] = f[k];
            FitResult fr = fitter.fit(stamp, s, PsfModel.moffat(b, fwhm), r.info().geometry(), () -> false);
            GalaxyParams e = fr.estimate();
            double[] err = fr.errors();
            return String.format(Locale.ROOT, "%d,%.3f,%.5f,%.6f,%.6f,%.6f,%.3f,%.5f,%.6f,%.6f,%.6f,%.4f,%d,%d,%d,%.3f,%.4f,%.2f,%s,%.4f,%.4f",
                    i, e.flux(), e.sersicN(), e.hlrArcsec(), e.g1(), e.g2(), err[0], err[1], err[2], err[3], err[4],
                    fr.chi2PerDof(), fr.iterations(), fr.evaluations(), fr.converged() ? 1 : 0, fr.seconds(), fwhm, s,
                    csv(fr.message()), fr.offsetX(), fr.offsetY());
        } catch (RuntimeException ex) {
            return String.format(Locale.ROOT, "%d,,,,,,,,,,,,,,0,,%.4f,%.2f,%s,,", i, fwhm, s, csv("error: " + ex.getMessage()));
        }
    }

    private static String csv(String s) {
        return "\"" + (s == null ? "" : s.replace("\"", "'")) + "\"";
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
