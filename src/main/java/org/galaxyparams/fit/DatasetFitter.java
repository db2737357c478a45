package org.galaxyparams.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.ProgressListener;
import org.galaxyparams.sim.PsfModel;

/**
 * Maximum-likelihood fit of the images of an open dataset into CSV rows (one per image, input order), shared by
 * the {@code fit} command line and the SciJava command. PSF FWHM and sigma come from the options or else the
 * LABELS table; true parameters are never read. An image that cannot be fitted gets a row saying why.
 */
public final class DatasetFitter {
    /** Column names of the rows. */
    public static final String HEADER = "index,flux,sersic_n,hlr,g1,g2,flux_err,sersic_n_err,hlr_err,g1_err,g2_err,"
            + "chi2_dof,iterations,evaluations,converged,time_s,psf_fwhm,sigma,message,centre_dx,centre_dy";

    private final DatasetReader reader;
    private final double psfFwhm;
    private final double sigma;
    private final double beta;
    private final boolean freeCentre;
    private final String psfOption;
    private final String sigmaOption;

    /**
     * @param psfFwhm PSF FWHM in arcsec for every image, or NaN for the PSF_FWHM label
     * @param sigma noise sigma in counts for every image, or NaN for the SIGMA label
     * @param beta Moffat beta, or NaN for PSFBETA from the header (else 2)
     * @param freeCentre also fit the centre
     * @param psfOption how the user gives the PSF FWHM (for error messages), e.g. "--psf-fwhm"
     * @param sigmaOption how the user gives sigma (for error messages), e.g. "--sigma"
     */
    public DatasetFitter(DatasetReader reader, double psfFwhm, double sigma, double beta, boolean freeCentre,
                         String psfOption, String sigmaOption) {
        this.reader = reader;
        this.psfFwhm = psfFwhm;
        this.sigma = sigma;
        this.beta = !Double.isNaN(beta) ? beta : Double.isNaN(reader.info().psfBeta()) ? 2.0 : reader.info().psfBeta();
        this.freeCentre = freeCentre;
        this.psfOption = psfOption;
        this.sigmaOption = sigmaOption;
    }

    /** The Moffat beta used. */
    public double beta() { return beta; }

    /** True if {@code row} (from {@link #row}) says the image could not be fitted. */
    public static boolean failed(String row) {
        return row.contains("\"error: ");
    }

    /**
     * Fits images 0..n-1 on {@code threads} workers and hands their rows to {@code sink} in input order, on the
     * calling thread; {@code progress} (may be null) hears of each row and may cancel.
     *
     * @return how many images could not be fitted
     * @throws CancellationException if {@code progress} cancels; the rows already handed over stay
     */
    public int fit(int n, int threads, Consumer<String> sink, ProgressListener progress) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        ThreadLocal<MaximumLikelihoodFitter> fitters =
                ThreadLocal.withInitial(() -> new MaximumLikelihoodFitter().withFreeCentre(freeCentre));
        int failed = 0;
        try {
            List<Future<String>> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                rows.add(pool.submit(() -> row(index, fitters.get())));
            }
            for (int i = 0; i < rows.size(); i++) {
                if (progress != null && progress.isCancelled()) throw new CancellationException("cancelled after " + i + " images");
                String row;
                try {
                    row = rows.get(i).get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) throw re;
                    if (c instanceof Error er) throw er;
                    throw new IllegalStateException(c);
                }
                if (failed(row)) failed++;
                sink.accept(row);
                if (progress != null) progress.progress(i + 1, rows.size());
            }
        } finally {
            pool.shutdownNow();
        }
        return failed;
    }

    /** The CSV row of image {@code i} (no line end), fitted with {@code fitter}. Never throws for a bad image. */
    public String row(int i, MaximumLikelihoodFitter fitter) {
        DatasetReader r = reader;
        double fwhm = !Double.isNaN(psfFwhm) ? psfFwhm : r.psfFwhm(i);
        double s = !Double.isNaN(sigma) ? sigma : r.sigma(i);
        try {
            if (!(fwhm > 0)) throw new IllegalArgumentException("no PSF FWHM: give " + psfOption + " or a PSF_FWHM label");
            if (!(s > 0)) throw new IllegalArgumentException("no noise sigma: give " + sigmaOption + " or a SIGMA label");
            if (!Double.isFinite(fwhm))
                throw new IllegalArgumentException("PSF FWHM of image " + i + " is " + fwhm + ": give a finite value (" + psfOption + ")");
            if (!Double.isFinite(s))
                throw new IllegalArgumentException("noise sigma of image " + i + " is " + s + ": give a finite value (" + sigmaOption + ")");
            float[] f = r.noisy(i);
            if (f == null) throw new IllegalArgumentException("no noisy image stored");
            double[] stamp = new double[f.length];
            for (int k = 0; k < f.length; k++) stamp[k] = f[k];
            FitResult fr = fitter.fit(stamp, s, PsfModel.moffat(beta, fwhm), r.info().geometry(), () -> false);
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
}
