package org.galaxyparams.scijava;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.galaxyparams.app.FitFiles;
import org.galaxyparams.app.FitRequest;
import org.galaxyparams.app.Fitting;
import org.galaxyparams.app.Monitor;
import org.galaxyparams.stamp.SkyMode;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Maximum-likelihood fit (L-BFGS-B, Cramer-Rao errors) of every image of a FITS dataset or stamp into a CSV, one row
 * per image in input order, with the same columns as {@code Galaxy_Params.jar fit}. Headless:
 * {@code --headless --run "Fit Galaxy Dataset" "input='/data/sim.fits', output='/data/fit.csv', count=100"}.
 */
@Plugin(type = Command.class, headless = true, menuPath = CommandSupport.MENU + FitGalaxiesCommand.TITLE,
        description = "Fits flux, sersic_n, hlr, g1, g2 to every image of a FITS dataset by maximum likelihood into a CSV")
public class FitGalaxiesCommand extends ContextCommand {
    public static final String TITLE = "Fit Galaxy Dataset";

    @Parameter
    private LogService log;

    @Parameter(required = false)
    private StatusService status;

    @Parameter(label = "Input FITS (dataset or stamp)", persist = false, style = "open")
    private File input;

    @Parameter(label = "Output CSV", persist = false, style = "save", description = "CSV of estimates, errors and diagnostics (replaced)")
    private File output;

    @Parameter(label = "Fit the first N images (0 = all)", persist = false, required = false, min = "0")
    private int count = 0;

    @Parameter(label = "PSF FWHM (arcsec, 0 = from the labels)", persist = false, required = false, min = "0")
    private double psf_fwhm = 0;

    @Parameter(label = "Noise sigma (counts, 0 = from the labels)", persist = false, required = false, min = "0")
    private double sigma = 0;

    @Parameter(label = "Moffat beta (0 = from the file, else 2)", persist = false, required = false, min = "0")
    private double beta = 0;

    @Parameter(label = "Pixel scale (arcsec/pixel, 0 = from the file)", persist = false, required = false, min = "0",
            description = "Only for files without PIXSCALE")
    private double pixel_scale = 0;

    @Parameter(label = "Measure sigma on the border", persist = false, required = false)
    private boolean sigma_from_border = false;

    @Parameter(label = "Sky", persist = false, required = false, choices = {"auto", "subtract", "none"})
    private String sky = "auto";

    @Parameter(label = "Also fit the centre", persist = false, required = false)
    private boolean free_centre = false;

    @Parameter(label = "Threads (0 = all cores)", persist = false, required = false, min = "0")
    private int threads = 0;

    @Parameter(type = ItemIO.OUTPUT, label = "Summary")
    private String summary;

    FitRequest request() {
        return new FitRequest(psf_fwhm, beta, sigma, sigma_from_border, free_centre, 64, pixel_scale, SkyMode.parse(sky), threads, count);
    }

    @Override
    public void run() { summary = CommandSupport.run(TITLE, this::fit, log, this, output + " not written"); }

    private String fit() throws CommandSupport.Failure, IOException, InterruptedException {
        FitRequest request = request();
        Path in = CommandSupport.existing(input, "input");
        Path out = CommandSupport.output(output, "output");
        if (out.equals(in)) throw new CommandSupport.Failure("output is the input file: give a .csv path");
        String call = CommandSupport.runCall(TITLE, CommandSupport.format(
                "input=%s, output=%s, count=%d, psf_fwhm=%s, sigma=%s, beta=%s, pixel_scale=%s, sigma_from_border=%s, sky=%s, free_centre=%s",
                CommandSupport.quote(in), CommandSupport.quote(out), count, psf_fwhm, sigma, beta, pixel_scale, sigma_from_border,
                CommandSupport.quote(sky), free_centre));
        BooleanSupplier cancelled = CommandSupport.interruptedCheck();
        FitFiles.Summary s = FitFiles.run(new Fitting(request), in, out, call,
                Monitor.of(CommandSupport.progress(status, "Fitting", cancelled), cancelled, m -> log.warn(TITLE + ": " + m)));
        if (s.cancelled()) throw new InterruptedException();
        return s.describe();
    }
}
