package org.galaxyparams.scijava;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.galaxyparams.app.EstimateFiles;
import org.galaxyparams.app.EstimateRequest;
import org.galaxyparams.app.Estimation;
import org.galaxyparams.app.Monitor;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.stamp.SkyMode;
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

    @Parameter(label = "Method", persist = false, required = false, choices = {"network", "ml", "posterior"},
            description = "network alone; ml: refined by maximum likelihood; posterior: posterior mean and error under the model's prior")
    private String method = "network";

    @Parameter(label = "PSF FWHM (arcsec, 0 = from the file)", persist = false, required = false, min = "0",
            description = "For every stamp; wins over the file's")
    private double psf_fwhm = 0;

    @Parameter(label = "Noise sigma (counts, 0 = from the file)", persist = false, required = false, min = "0",
            description = "For every stamp; wins over the file's")
    private double sigma = 0;

    @Parameter(label = "Measure sigma on the border", persist = false, required = false)
    private boolean sigma_from_border = false;

    @Parameter(label = "Sky", persist = false, required = false, choices = {"auto", "subtract", "none"},
            description = "auto subtracts the sky measured on each stamp's border when it is measurably non-zero")
    private String sky = "auto";

    @Parameter(label = "PyTorch threads (0 = one per core)", persist = false, required = false, min = "0")
    private int threads = 0;

    @Parameter(label = "Prior box (posterior only; blank = the model's prior)", persist = false, required = false,
            description = "In place of the model card's ranges, e.g. sersic_n=1:4,hlr=0.1:0.3 (keys flux, sersic_n, hlr, g, snr)")
    private String prior_box = "";

    @Parameter(label = "Symmetric views (0 = the model card's)", persist = false, required = false, min = "0", max = "8",
            description = "Average the network over 1, 2, 4 or 8 turned and mirrored copies of each stamp: more is more accurate and slower")
    private int views = 0;

    @Parameter(type = ItemIO.OUTPUT, label = "Summary")
    private String summary;

    EstimateRequest request() {
        return new EstimateRequest(model, denoiser, device, org.galaxyparams.estimate.EstimateMethod.parse(method), psf_fwhm, sigma, sigma_from_border, SkyMode.parse(sky), false, threads, prior_box, views);
    }

    @Override
    public void run() {
        try {
            summary = TITLE + ": " + estimate();
            log.info(summary);
        } catch (CommandSupport.Failure | IllegalArgumentException | IllegalStateException | IOException e) {
            summary = TITLE + ": " + e.getMessage();
            log.error(summary);
            cancel(e.getMessage());
        }
    }

    private String estimate() throws CommandSupport.Failure, IOException {
        EstimateRequest request = request();
        Path in = CommandSupport.existing(input, "input");
        Path csv = CommandSupport.output(output, "output");
        if (csv.equals(in)) throw new CommandSupport.Failure("output is the input file: give a .csv path");
        BooleanSupplier cancelled = CommandSupport.interruptedCheck();
        Monitor monitor = Monitor.of(CommandSupport.progress(status, "Estimating", cancelled), cancelled, m -> log.warn(TITLE + ": " + m));
        Estimation estimation = Estimation.load(request, monitor);
        long t0 = System.nanoTime();
        EstimateFiles.Summary s = EstimateFiles.run(estimation, in, csv, monitor);
        return s.describe(in, csv, (System.nanoTime() - t0) / 1e9, estimation.provenance());
    }
}
