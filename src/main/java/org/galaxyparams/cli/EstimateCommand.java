package org.galaxyparams.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.galaxyparams.app.EstimateFiles;
import org.galaxyparams.app.EstimateRequest;
import org.galaxyparams.estimate.EstimateMethod;
import org.galaxyparams.app.Estimation;
import org.galaxyparams.app.Monitor;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.stamp.SkyMode;
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
    @Option(names = "--method", description = "network (the networks alone), ml (refined by maximum likelihood, Cramer-Rao"
            + " errors) or posterior (posterior mean and standard deviation under the model card's prior, around that fit)")
    String method;
    @Option(names = "--refine", description = "the same as --method ml")
    boolean refine;
    @Option(names = "--psf-fwhm", description = "PSF FWHM in arcsec for every stamp (wins over the file's; default: the file's)")
    double psfFwhm;
    @Option(names = "--sigma", description = "noise sigma in counts for every stamp (wins over the file's; default: the file's,"
            + " else measured on the stamp's border)")
    double sigma;
    @Option(names = "--sigma-from-border", description = "measure sigma on each stamp's border whatever the file says")
    boolean sigmaFromBorder;
    @Option(names = "--sky", defaultValue = "auto", description = "auto (subtract the border's sky when measurably non-zero), subtract or none")
    String sky;
    @Option(names = "--threads", defaultValue = "0", description = "PyTorch threads (0 = one per core)")
    int threads;
    @Option(names = "--shard", description = "k/N: estimate only images g with g mod N = k, g counting all images of --in"
            + " in order (job arrays; join the parts with merge)")
    String shard;
    @Option(names = "--prior-box", description = "posterior only: the prior's box in place of the model card's ranges, e.g."
            + " 'sersic_n=1:4,hlr=0.1:0.3' (keys flux, sersic_n, hlr, g, snr; the others stay the card's)")
    String priorBox;
    @Option(names = "--views", defaultValue = "0", description = "average the network over 1, 2, 4 or 8 symmetric views of each stamp"
            + " (rotations, then mirrors): more is more accurate and proportionally slower; 0 for the model card's own (1 for the"
            + " shipped models)")
    int views;
    @Option(names = "--overwrite", description = "write a new CSV instead of resuming the one there; it replaces the old one when complete")
    boolean overwrite;

    EstimateRequest request() {
        if (refine && method != null && EstimateMethod.parse(method) != EstimateMethod.ML)
            throw new IllegalArgumentException("--refine means --method ml, but --method " + method + " is given: give one of them");
        EstimateMethod m = refine ? EstimateMethod.ML : EstimateMethod.parse(method);
        return new EstimateRequest(model, denoiser, device, m, psfFwhm, sigma, sigmaFromBorder, SkyMode.parse(sky), false, threads, priorBox, views);
    }

    @Override
    public Integer call() throws Exception {
        EstimateRequest request = request();
        org.galaxyparams.app.Shard part = org.galaxyparams.app.Shard.parse(shard);
        if (!Files.exists(in)) throw new IllegalArgumentException("--in " + in + ": no such file or folder");
        CliSupport.checkOutput("--out", out, in);
        Monitor monitor = Monitor.of(new TerminalProgress(System.err, "estimate"), () -> false, m -> System.err.println("note: " + m));
        Estimation estimation = Estimation.load(request, Monitor.of((d, t) -> {}, () -> false, System.err::println));
        long t0 = System.nanoTime();
        // --overwrite: the new CSV replaces the old one only when it is complete
        EstimateFiles.Summary s = EstimateFiles.run(estimation, in, out, part, overwrite, monitor);
        System.out.println(s.describe(in, out, (System.nanoTime() - t0) / 1e9, estimation.provenance()));
        return 0;
    }
}
