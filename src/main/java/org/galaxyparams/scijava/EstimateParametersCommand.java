package org.galaxyparams.scijava;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.galaxyparams.estimate.BatchEstimation;
import org.galaxyparams.estimate.ModelCache;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.estimate.NeuralEstimator;
import org.galaxyparams.net.DjlRuntime;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Neural estimates of flux, Sersic n, half-light radius and shear for every stamp of a folder (FITS/TIFF stamps) or
 * every image of a FITS dataset, into one CSV, as {@code Galaxy_Params.jar estimate} does. The CSV is appended to:
 * files already in it are skipped. Headless: {@code --headless --run "Estimate Galaxy Parameters"
 * "input='/data/stamps', output='/data/estimates.csv', denoiser='none', device='cpu'"}.
 */
@Plugin(type = Command.class, headless = true, menuPath = CommandSupport.MENU + EstimateParametersCommand.TITLE,
        description = "Estimates flux, sersic_n, hlr, g1, g2 with the shipped networks for a folder or FITS file into a CSV")
public class EstimateParametersCommand extends ContextCommand {
    public static final String TITLE = "Estimate Galaxy Parameters";

    @Parameter
    private LogService log;

    @Parameter(required = false)
    private StatusService status;

    @Parameter(label = "Input (folder of stamps or FITS file)", persist = false,
            description = "A folder of FITS/TIFF stamps, one stamp, or a FITS dataset")
    private File input;

    @Parameter(label = "Output CSV", persist = false, style = "save",
            description = "CSV of estimates (appended to; files already in it are skipped)")
    private File output;

    @Parameter(label = "Model", persist = false, required = false,
            description = "Regressor name (e.g. xception-dataset3) or path of a model card (.json)")
    private String model = ModelLocator.DEFAULT_REGRESSOR;

    @Parameter(label = "Denoiser", persist = false, required = false, choices = {"none", "edsr", "rdn"})
    private String denoiser = "none";

    @Parameter(label = "Device", persist = false, required = false, choices = {"auto", "cpu", "gpu"})
    private String device = "auto";

    @Parameter(label = "Refine by maximum likelihood", persist = false, required = false,
            description = "Refine each estimate by maximum likelihood (adds Cramer-Rao errors)")
    private boolean refine = false;

    @Parameter(label = "PSF FWHM (arcsec, 0 = from the file)", persist = false, required = false, min = "0",
            description = "For stamps whose file gives no PSF FWHM")
    private double psf_fwhm = 0;

    @Parameter(label = "Noise sigma (counts, 0 = from the file)", persist = false, required = false, min = "0",
            description = "For stamps whose file gives no sigma")
    private double sigma = 0;

    @Parameter(label = "PyTorch threads (0 = one per core)", persist = false, required = false, min = "0")
    private int threads = 0;

    @Parameter(type = ItemIO.OUTPUT, label = "Summary")
    private String summary;

    @Override
    public void run() {
        try {
            summary = estimate();
            log.info(summary);
        } catch (CommandSupport.Failure | IllegalArgumentException | IllegalStateException | IOException e) {
            summary = TITLE + ": " + e.getMessage();
            log.error(summary);
            cancel(e.getMessage());
        }
    }

    private String estimate() throws CommandSupport.Failure, IOException {
        Path in = CommandSupport.existing(input, "input");
        Path csv = CommandSupport.output(output, "output");
        if (csv.equals(in)) throw new CommandSupport.Failure("output is the input file: give a .csv path");
        DjlRuntime.configureThreads(threads);
        NeuralEstimator est = ModelCache.estimator(model, denoiser, device, refine, m -> log.warn(TITLE + ": " + m));
        BooleanSupplier cancelled = CommandSupport.interruptedCheck();
        long t0 = System.nanoTime();
        BatchEstimation.Summary s = BatchEstimation.run(in, csv, est,
                new org.galaxyparams.estimate.ObservingConditions(CommandSupport.orNaN(psf_fwhm), CommandSupport.orNaN(sigma), false),
                CommandSupport.progress(status, "Estimating", cancelled), cancelled,
                m -> log.warn(TITLE + ": skipped " + m));
        return CommandSupport.format("%s: %d stamps from %d files into %s (%d files already done, %d unreadable, "
                        + "%d stamps refused%s) in %.1f s with %s", TITLE, s.stamps(), s.files() - s.skippedFiles(), csv,
                s.skippedFiles(), s.unreadable(), s.refused(), s.cancelled() ? ", cancelled" : "",
                (System.nanoTime() - t0) / 1e9, est.provenance());
    }
}
