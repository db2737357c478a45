package org.galaxyparams.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.io.FileInfo;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.galaxyparams.app.CatalogColumns;
import org.galaxyparams.app.CatalogFiles;
import org.galaxyparams.app.CatalogRequest;
import org.galaxyparams.app.CatalogRow;
import org.galaxyparams.app.EstimateRequest;
import org.galaxyparams.app.Estimation;
import org.galaxyparams.app.FieldCatalog;
import org.galaxyparams.app.ResultColumns;
import org.galaxyparams.app.Shard;
import org.galaxyparams.estimate.EstimateMethod;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.field.DetectionSettings;
import org.galaxyparams.field.FieldImage;
import org.galaxyparams.io.FieldFits;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.stamp.SkyMode;

/**
 * Plugins &gt; Galaxy Params &gt; Measure Field...: maps the dialog (or macro options) onto a {@link CatalogRequest},
 * runs {@link FieldCatalog} on the current image ({@link FieldImages}) or, with {@code input=[field.fits]}, on a FITS
 * file (also headless), and shows its rows: the "Galaxy Params Catalog" table ({@link CatalogColumns}), one ROI
 * Manager entry and one overlay shape per source (half-light ellipses for galaxies, PSF-FWHM circles for stars and
 * rows without an estimate) with the ids as labels, the run's notes in the Log. {@code save_csv} writes the catalog
 * as CSV and FITS table beside it ({@link CatalogFiles}); a file already there is replaced only when
 * {@code overwrite} is ticked. Catalog x and y count rows as the file stores them, as {@code catalog} does.
 */
public class MeasureFieldPlugin implements PlugIn {
    public static final String COMMAND = "Measure Field...";
    static final String TITLE = "Measure Field";
    static final String TABLE = "Galaxy Params Catalog";
    static final Color GALAXY_COLOUR = Color.YELLOW, STAR_COLOUR = Color.CYAN;

    static MacroForm form() {
        CatalogRequest d = CatalogRequest.DEFAULTS;
        DetectionSettings s = d.detection();
        return new MacroForm()
                .openChoice("model", ModelLocator.installed(false).toArray(String[]::new), d.estimate().model())
                .choice("denoiser", EstimateParametersPlugin.DENOISERS, "none")
                .choice("device", EstimateParametersPlugin.DEVICES, d.estimate().device())
                .choice("method", EstimateMethod.ids(), d.estimate().method().id())
                .text("prior_box", "")
                .number("psf_fwhm", 0, 3, "arcsec (0 = the header's PSF_FWHM, else measured on the stars)")
                .number("sigma", 0, 2, "counts (0 = the header's SIGMA, else the background)")
                .number("pixel_scale", 0, 4, "arcsec/pixel (0 = the calibration or header)")
                .number("saturation", 0, 1, "counts (0 = the header's SATURATE, else none)")
                .number("threshold", s.threshold(), 2, "sigma (footprint, filtered image)")
                .number("detection", s.detection(), 2, "sigma (a source's filtered peak)")
                .integer("min_area", s.minArea(), "pixels")
                .number("deblend_sigma", s.deblendSigma(), 2, "sigma above the saddle")
                .number("deblend_contrast", s.deblendContrast(), 3, "of the brighter peak (1 = no deblending)")
                .integer("background_box", s.backgroundBox(), "pixels (0 = constant sky)")
                .longText("seed", d.seed())
                .flag("overlay", true)
                .flag("roi_manager", true)
                .flag("clear_table", false)
                .file("input", "")
                .file("save_csv", "")
                .flag("overwrite", false)
                .message("method: network alone; ml refines by maximum likelihood; posterior adds the posterior mean and error.\n"
                        + "input: a FITS field to measure instead of the image (needs save_csv). save_csv: the catalog, with a FITS table beside it.");
    }

    /** The request the dialog's or macro's values make (the same as {@code catalog}'s options). */
    static CatalogRequest request(MacroForm.Values v) {
        EstimateRequest e = new EstimateRequest(v.text("model"), v.text("denoiser"), v.text("device"), EstimateMethod.parse(v.text("method")),
                v.number("psf_fwhm"), v.number("sigma"), false, SkyMode.AUTO, false, 0, v.text("prior_box"));
        DetectionSettings d = new DetectionSettings(v.number("threshold"), v.number("detection"), whole(v, "min_area"), v.number("deblend_sigma"),
                v.number("deblend_contrast"), whole(v, "background_box"));
        return new CatalogRequest(e, d, v.number("pixel_scale"), v.number("saturation"), Shard.ALL, v.integer("seed"));
    }

    /** An int field; values beyond int are clamped so that the request's check names them. */
    private static int whole(MacroForm.Values v, String key) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v.integer(key)));
    }

    @Override
    public void run(String arg) {
        try {
            MacroForm.Values v = PluginOptions.read(TITLE, form(), "input=[/path/field.fits] save_csv=[/path/catalog.csv] method=network");
            if (v == null) return;
            CatalogRequest request = request(v);
            String input = v.text("input"), csv = v.text("save_csv");
            if (!input.isEmpty() && csv.isEmpty())
                throw new IllegalArgumentException("input=[" + input + "] needs save_csv=[catalog.csv]: a field read from a file is measured into a CSV");
            ImagePlus imp = input.isEmpty() ? WindowManager.getCurrentImage() : null;
            if (input.isEmpty() && imp == null)
                throw new IllegalArgumentException("no image: open a field (File>Open a FITS image) or make one with Simulate Field... first,"
                        + " or give input=[field.fits] save_csv=[catalog.csv]");
            if (!input.isEmpty() && !Files.isRegularFile(Path.of(input)))
                throw new IllegalArgumentException("input=[" + input + "] is not a file: give the path of a FITS field");
            FieldImages.Mapped mapped = imp != null ? FieldImages.of(imp) : null;
            FieldImage field = mapped != null ? mapped.field() : FieldFits.read(Path.of(input));
            Path source = imp != null ? sourceFile(imp) : Path.of(input).toAbsolutePath();
            Path out = csv.isEmpty() ? null : Path.of(csv).toAbsolutePath();
            Path fits = out == null ? null : CatalogFiles.fitsBeside(out);
            if (out != null) checkOutputs(out, fits, source, v.flag("overwrite"));

            FieldCatalog catalog = load(request);
            if (catalog == null) return;
            IJ.resetEscape();
            long t0 = System.nanoTime();
            FieldCatalog.Result r = catalog.run(field, IjUi.monitor(TITLE, "Measuring galaxies"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (r.found() == null) {
                IjUi.done(TITLE + ": cancelled");
                IJ.log(TITLE + ": cancelled while finding the sources of " + field.name() + ": nothing measured, nothing written");
                return;
            }
            long galaxies = r.galaxies(), measured = r.rows().stream().filter(x -> x.galaxy() && x.measurement().ok()).count();
            IjUi.done(String.format(Locale.ROOT, "%s: %d sources, %d of %d galaxies measured%s", TITLE, r.rows().size(), measured, galaxies,
                    r.cancelled() ? " (cancelled)" : ""));
            for (String n : r.notes()) IJ.log(TITLE + ": " + n);
            IJ.log(String.format(Locale.ROOT, "%s: %s: %d sources (%d galaxies, %d stars), %d galaxies measured%s; %.1f s", TITLE, field.name(),
                    r.rows().size(), galaxies, r.rows().size() - galaxies, measured, r.cancelled() ? " before Esc" : "", seconds));
            // shown first: a catalog that cannot be written (disk full, permissions) leaves the measurements on screen
            if (imp != null) show(imp, mapped, r, v);
            if (out != null && r.cancelled()) {
                // a cancelled catalog is not written as if it were the field's: its unmeasured galaxies would read as failures
                IJ.log(TITLE + ": cancelled: nothing written to " + out + " (the rows measured are in the table)");
                return;
            }
            if (out != null) {
                String command = "Fiji Measure Field (the same as: Galaxy_Params.jar catalog --in " + shell(source != null ? source.toString()
                        : field.name()) + " --out " + shell(out.toString()) + " " + request.cliOptions() + ")";
                CatalogFiles.write(r, catalog.provenance(), out, fits, command);
                IJ.log(TITLE + ": wrote " + out + " and " + fits);
            }
        } catch (IllegalArgumentException | IllegalStateException | IOException | UncheckedIOException e) {
            IjUi.done("");
            IjUi.error(TITLE, e.getMessage());
        }
    }

    /** A path as a shell word. */
    private static String shell(String s) {
        return s.matches("[-A-Za-z0-9_.+@/]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** The file an image was opened from, or null. */
    static Path sourceFile(ImagePlus imp) {
        FileInfo fi = imp.getOriginalFileInfo();
        if (fi == null || fi.fileName == null || fi.directory == null || fi.directory.isEmpty()) return null;
        return Path.of(fi.directory, fi.fileName).toAbsolutePath();
    }

    /** Refuses outputs that are folders, the measured file, in a missing folder, or already there without overwrite. */
    static void checkOutputs(Path csv, Path fits, Path source, boolean overwrite) {
        // a folder typed wrong in a dialog is more likely than one meant to be made
        if (csv.getParent() != null && !Files.isDirectory(csv.getParent()))
            throw new IllegalArgumentException("save_csv: folder " + csv.getParent() + " does not exist: create it, or give another path");
        CatalogFiles.checkOutputs(csv, fits, source, overwrite, "save_csv", "tick overwrite");
    }

    /** The loaded networks, or null after telling the user why they could not be loaded. */
    static FieldCatalog load(CatalogRequest request) {
        Estimation estimation = IjUi.loadEstimation(TITLE, request.estimate());
        return estimation == null ? null : new FieldCatalog(request, estimation.estimator());
    }


    /** The table, the overlay and the ROI Manager entries (without a display: the overlay alone). */
    static void show(ImagePlus imp, FieldImages.Mapped mapped, FieldCatalog.Result r, MacroForm.Values v) {
        List<Roi> shapes = shapes(mapped, r);
        if (v.flag("overlay")) imp.setOverlay(overlay(shapes, r.rows()));
        if (IjUi.headless()) return;
        table(TABLE, r.rows(), v.flag("clear_table")).show(TABLE);
        if (v.flag("roi_manager") && !shapes.isEmpty()) {
            RoiManager rm = RoiManager.getInstance(); // in a batch-mode macro, the macro's own
            if (rm == null) rm = new RoiManager();
            for (Roi s : shapes) rm.addRoi((Roi) s.clone());
        }
    }

    /** One shape per row, in ImageJ's coordinates, named "#id galaxy" or "#id star". */
    static List<Roi> shapes(FieldImages.Mapped mapped, FieldCatalog.Result r) {
        double scale = r.pixelScale(), psf = r.found().psfFwhm() / scale;
        return r.rows().stream().map(row -> {
            GalaxyParams e = row.measurement().estimate();
            double y = mapped.screenY(row.y());
            Roi shape;
            if (row.galaxy() && e != null && HalfLightEllipse.drawable(e.hlrArcsec() / scale, e.g1(), e.g2())) {
                shape = HalfLightEllipse.of(e.hlrArcsec() / scale, e.g1(), e.g2()).roi(row.x(), y, mapped.flipped());
            } else {
                shape = HalfLightEllipse.circle(row.x(), y, psf);
            }
            shape.setName("#" + row.id() + " " + row.kind());
            shape.setStrokeColor(row.galaxy() ? GALAXY_COLOUR : STAR_COLOUR);
            return shape;
        }).toList();
    }

    /** The shapes and each source's id beside it. */
    static Overlay overlay(List<Roi> shapes, List<CatalogRow> rows) {
        Overlay o = new Overlay();
        Font font = new Font("SansSerif", Font.PLAIN, 10);
        for (int i = 0; i < shapes.size(); i++) {
            Roi s = shapes.get(i);
            o.add(s);
            java.awt.geom.Rectangle2D b = s.getFloatBounds();
            TextRoi label = new TextRoi(b.getMaxX(), b.getMinY() - 10, Integer.toString(rows.get(i).id()), font);
            label.setStrokeColor(s.getStrokeColor());
            label.setName(s.getName() + " label");
            o.add(label);
        }
        return o;
    }

    /**
     * The table named {@code title} with the rows added after those it shows (unless {@code clear}): text columns as
     * text (commas become ';', as in the estimate table), numbers with NaN for missing values.
     */
    static ResultsTable table(String title, List<CatalogRow> rows, boolean clear) {
        ResultsTable rt = IjUi.headless() || clear ? null : ResultsTable.getResultsTable(title);
        if (rt == null) rt = new ResultsTable();
        for (CatalogRow row : rows) {
            rt.incrementCounter();
            for (CatalogColumns.Column c : CatalogColumns.ALL) {
                if (c.text()) rt.addValue(c.name(), c.string(row).replace(',', ';'));
                else rt.addValue(c.name(), c.number(row));
            }
        }
        for (CatalogColumns.Column c : CatalogColumns.ALL) {
            int i = rt.getColumnIndex(c.name());
            if (!c.text() && i != ResultsTable.COLUMN_NOT_FOUND)
                rt.setDecimalPlaces(i, c.digits() == ResultColumns.SIGNIFICANT_DIGITS ? ResultsTable.AUTO_FORMAT : c.digits());
        }
        return rt;
    }
}
