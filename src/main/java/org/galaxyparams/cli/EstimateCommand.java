package org.galaxyparams.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.galaxyparams.estimate.BatchEstimation;
import org.galaxyparams.estimate.ModelCache;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.estimate.NeuralEstimator;
import org.galaxyparams.estimate.ObservingConditions;
import org.galaxyparams.net.DjlRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code estimate}: neural estimates for every stamp of a folder or FITS file into one CSV. */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "Estimates flux, sersic_n, hlr, g1, g2 with the shipped networks for every FITS/TIFF stamp of a folder,"
                + " or every image of a FITS dataset, into one CSV (rerun with the same --out to skip what is done).")
final class EstimateCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, description = "folder of stamps, a stamp, or a FITS dataset (SPEC section 3)")
    Path in;
    @Option(names = "--out", required = true, description = "CSV (appended to; files already in it are skipped)")
    Path out;
    @Option(names = "--model", defaultValue = ModelLocator.DEFAULT_REGRESSOR, description = "regressor name or model card (.json)")
    String model;
    @Option(names = "--denoiser", defaultValue = "none", description = "none, edsr, rdn, or a denoiser name / card")
    String denoiser;
    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu")
    String device;
    @Option(names = "--refine", description = "refine each estimate by maximum likelihood (adds Cramer-Rao errors)")
    boolean refine;
    @Option(names = "--psf-fwhm", description = "PSF FWHM in arcsec for stamps whose file gives none")
    Double psfFwhm;
    @Option(names = "--sigma", description = "noise sigma in counts for stamps whose file gives none (default: measured on the stamp's border)")
    Double sigma;
    @Option(names = "--threads", defaultValue = "0", description = "PyTorch threads (0 = one per core)")
    int threads;
    @Option(names = "--overwrite", description = "start a new CSV instead of skipping what it already holds")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        DjlRuntime.configureThreads(threads);
        // everything that can fail before a row is written fails before --overwrite removes the old CSV
        if (!java.nio.file.Files.exists(in)) throw new IllegalArgumentException("--in " + in + ": no such file or folder");
        CliSupport.checkOutput("--out", out, in);
        NeuralEstimator est = ModelCache.estimator(model, denoiser, device, refine, System.err::println);
        if (overwrite) java.nio.file.Files.deleteIfExists(out);
        long t0 = System.nanoTime();
        BatchEstimation.Summary s = BatchEstimation.run(in, out, est,
                new ObservingConditions(psfFwhm == null ? Double.NaN : psfFwhm, sigma == null ? Double.NaN : sigma, false),
                new TerminalProgress(System.err, "estimate"), () -> false, m -> System.err.println("skipped " + m));
        System.out.printf(Locale.ROOT, "%s: %d stamps from %d files into %s (%d files already done, %d unreadable, %d stamps refused) in %.1f s with %s%n",
                in, s.stamps(), s.files() - s.skippedFiles(), out, s.skippedFiles(), s.unreadable(), s.refused(),
                (System.nanoTime() - t0) / 1e9, est.provenance());
        return 0;
    }
}
