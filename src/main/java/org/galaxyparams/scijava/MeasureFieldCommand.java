package org.galaxyparams.scijava;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.galaxyparams.app.CatalogFiles;
import org.galaxyparams.app.CatalogRequest;
import org.galaxyparams.app.EstimateRequest;
import org.galaxyparams.app.FieldCatalog;
import org.galaxyparams.app.Monitor;
import org.galaxyparams.app.Shard;
import org.galaxyparams.estimate.EstimateMethod;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.field.DetectionSettings;
import org.galaxyparams.field.FieldImage;
import org.galaxyparams.io.FieldFits;
import org.galaxyparams.stamp.SkyMode;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Finds the sources of a FITS field and measures its galaxies into a catalog (CSV, and a FITS table beside it), as
 * {@code Galaxy_Params.jar catalog} does; {@code shard} splits the sources over the jobs of an array. Headless:
 * {@code --headless --run "Measure Galaxy Field" "input='/data/field.fits', output='/data/catalog.csv', shard='0/8'"}.
 */
@Plugin(type = Command.class, headless = true, menuPath = CommandSupport.MENU + MeasureFieldCommand.TITLE,
        description = "Finds the sources of a FITS field and measures its galaxies into a catalog (CSV and FITS table)")
public class MeasureFieldCommand extends ContextCommand {
    public static final String TITLE = "Measure Galaxy Field";

    @Parameter
    private LogService log;

    @Parameter(required = false)
    private StatusService status;

    @Parameter(label = "Input field (2-D FITS)", persist = false, style = "open")
    private File input;

    @Parameter(label = "Output catalog CSV", persist = false, style = "save",
            description = "The catalog; its FITS table is written beside it (.fits)")
    private File output;

    @Parameter(label = "Replace existing catalogs", persist = false, required = false)
    private boolean overwrite = false;

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

    @Parameter(label = "PSF FWHM (arcsec, 0 = the header's, else measured on the stars)", persist = false, required = false, min = "0")
    private double psf_fwhm = 0;

    @Parameter(label = "Noise sigma (counts, 0 = the header's, else the background)", persist = false, required = false, min = "0")
    private double sigma = 0;

    @Parameter(label = "Pixel scale (arcsec/pixel, 0 = PIXSCALE or the WCS)", persist = false, required = false, min = "0")
    private double pixel_scale = 0;

    @Parameter(label = "Saturation (counts, 0 = the header's SATURATE, else none)", persist = false, required = false, min = "0")
    private double saturation = 0;

    @Parameter(label = "Footprint threshold (sigma)", persist = false, required = false)
    private double threshold = DetectionSettings.DEFAULTS.threshold();

    @Parameter(label = "Detection peak (sigma)", persist = false, required = false)
    private double detection = DetectionSettings.DEFAULTS.detection();

    @Parameter(label = "Minimum area (pixels)", persist = false, required = false)
    private int min_area = DetectionSettings.DEFAULTS.minArea();

    @Parameter(label = "Deblend: peak above the saddle (sigma)", persist = false, required = false)
    private double deblend_sigma = DetectionSettings.DEFAULTS.deblendSigma();

    @Parameter(label = "Deblend: fraction of the brighter peak (1 = none)", persist = false, required = false)
    private double deblend_contrast = DetectionSettings.DEFAULTS.deblendContrast();

    @Parameter(label = "Background box (pixels, 0 = constant sky)", persist = false, required = false)
    private int background_box = DetectionSettings.DEFAULTS.backgroundBox();

    @Parameter(label = "Shard (k/N, blank = all sources)", persist = false, required = false,
            description = "Measure only the blocks of " + FieldCatalog.BLOCK + " source ids b with b mod N = k (job arrays; join the parts with merge)")
    private String shard = "";

    @Parameter(label = "Seed (noise in masked pixels)", persist = false, required = false)
    private long seed = CatalogRequest.DEFAULTS.seed();

    @Parameter(label = "PyTorch threads (0 = one per core)", persist = false, required = false, min = "0")
    private int threads = 0;

    @Parameter(label = "Prior box (posterior only; blank = the model's prior)", persist = false, required = false,
            description = "In place of the model card's ranges, e.g. sersic_n=1:4,hlr=0.1:0.3 (keys flux, sersic_n, hlr, g, snr)")
    private String prior_box = "";

    @Parameter(type = ItemIO.OUTPUT, label = "Summary")
    private String summary;

    CatalogRequest request() {
        EstimateRequest e = new EstimateRequest(model, denoiser, device, EstimateMethod.parse(method), psf_fwhm, sigma, false, SkyMode.AUTO,
                false, threads, prior_box);
        DetectionSettings d = new DetectionSettings(threshold, detection, min_area, deblend_sigma, deblend_contrast, background_box);
        return new CatalogRequest(e, d, pixel_scale, saturation, Shard.parse(shard), seed);
    }

    @Override
    public void run() { summary = CommandSupport.run(TITLE, this::measure, log, this, output + " not written"); }

    private String measure() throws CommandSupport.Failure, IOException, InterruptedException {
        CatalogRequest request = request();
        Path in = CommandSupport.existing(input, "input");
        Path csv = CommandSupport.output(output, "output");
        Path fits = CatalogFiles.fitsBeside(csv);
        try {
            CatalogFiles.checkOutputs(csv, fits, in, overwrite, "output", "overwrite=true");
        } catch (IllegalArgumentException e) {
            throw new CommandSupport.Failure(e.getMessage());
        }
        FieldImage field = FieldFits.read(in);
        BooleanSupplier cancelled = CommandSupport.interruptedCheck();
        Monitor monitor = Monitor.of(CommandSupport.progress(status, "Measuring galaxies", cancelled), cancelled, m -> log.warn(TITLE + ": " + m));
        FieldCatalog catalog = FieldCatalog.load(request, monitor);
        long t0 = System.nanoTime();
        FieldCatalog.Result r = catalog.run(field, monitor);
        if (r.found() == null || r.cancelled()) throw new InterruptedException();
        String call = CommandSupport.runCall(TITLE, CommandSupport.format("input=%s, output=%s, model=%s, denoiser=%s, device=%s, method=%s,"
                + " psf_fwhm=%s, sigma=%s, pixel_scale=%s, saturation=%s, threshold=%s, detection=%s, min_area=%d, deblend_sigma=%s,"
                + " deblend_contrast=%s, background_box=%d, shard=%s, seed=%d", CommandSupport.quote(in), CommandSupport.quote(csv),
                CommandSupport.quote(model), CommandSupport.quote(denoiser), CommandSupport.quote(device), CommandSupport.quote(method), psf_fwhm,
                sigma, pixel_scale, saturation, threshold, detection, min_area, deblend_sigma, deblend_contrast, background_box,
                CommandSupport.quote(shard == null ? "" : shard), seed));
        CatalogFiles.write(r, catalog.provenance(), csv, fits, call);
        for (String n : r.notes()) log.info(TITLE + ": " + n);
        return CommandSupport.format("%s: %d sources (%d galaxies) in this run of %d found; %.1f s; wrote %s and %s", field.name(), r.rows().size(),
                r.galaxies(), r.found().sources().size(), (System.nanoTime() - t0) / 1e9, csv, fits);
    }
}
