package org.galaxyparams.cli;

import java.util.concurrent.Callable;
import java.nio.file.Path;
import org.galaxyparams.app.FitFiles;
import org.galaxyparams.app.FitRequest;
import org.galaxyparams.app.Fitting;
import org.galaxyparams.app.Monitor;
import org.galaxyparams.stamp.SkyMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fit}: maximum-likelihood fit of every image of a FITS dataset (or a single stamp) into a CSV, one row per
 * image in input order. True parameters in the file are never used by the fit
 * ({@code --report} compares with them afterwards, when the file has them).
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Fits flux, sersic_n, hlr, g1, g2 to every image of a FITS dataset by maximum likelihood (L-BFGS-B).")
final class FitCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, description = "FITS dataset (SPEC section 3) or a single stamp")
    Path in;
    @Option(names = "--out", required = true, description = "CSV of estimates, errors (Cramer-Rao) and diagnostics (replaced)")
    Path out;
    @Option(names = "--psf-fwhm", description = "PSF FWHM in arcsec for every image (wins over PSF_FWHM labels)")
    double psfFwhm;
    @Option(names = "--beta", description = "Moffat beta (default: PSFBETA from the header, else 2)")
    double beta;
    @Option(names = "--sigma", description = "noise sigma in counts for every image (wins over SIGMA labels; default: the"
            + " labels', else measured on the border)")
    double sigma;
    @Option(names = "--sigma-from-border", description = "measure sigma on each stamp's border whatever the labels say")
    boolean sigmaFromBorder;
    @Option(names = "--pixel-scale", description = "arcsec/pixel when the file has no PIXSCALE")
    double pixelScale;
    @Option(names = "--sky", defaultValue = "auto", description = "auto, subtract or none (see README)")
    String sky;
    @Option(names = "--threads", defaultValue = "0", description = "worker threads (0 = all cores)")
    int threads;
    @Option(names = "--count", defaultValue = "0", description = "fit only the first N images (0 = all)")
    int count;
    @Option(names = "--free-centre", description = "also fit the centre (offsets within 3 pixels of the stamp centre)")
    boolean freeCentre;
    @Option(names = "--shard", description = "k/N: fit only images i with i mod N = k (job arrays; join the parts with merge)")
    String shard;
    @Option(names = "--report", description = "after fitting, print bias, std and RMSE against the file's true parameters")
    boolean report;

    FitRequest request() {
        return new FitRequest(psfFwhm, beta, sigma, sigmaFromBorder, freeCentre, 64, pixelScale, SkyMode.parse(sky), threads, count);
    }

    @Override
    public Integer call() throws Exception {
        FitRequest request = request();
        CliSupport.checkOutput("--out", out, in);
        FitFiles.Summary s = FitFiles.run(new Fitting(request), in, out, "Galaxy_Params.jar " + String.join(" ", CliSupport.commandLine()),
                org.galaxyparams.app.Shard.parse(shard), Monitor.of(new TerminalProgress(System.err, "fit"), () -> false, System.err::println));
        System.out.println(s.describe());
        if (report) {
            String r = FitFiles.report(s);
            System.out.print(r == null ? "no true parameters in " + in + ": no report\n" : r);
        }
        return 0;
    }
}
