package org.galaxyparams.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.EllipseRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.plugin.PlugIn;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.galaxyparams.app.FitFiles;
import org.galaxyparams.app.FitRequest;
import org.galaxyparams.app.Fitting;
import org.galaxyparams.app.ImageResult;
import org.galaxyparams.app.MeasurementRow;
import org.galaxyparams.app.Monitor;
import org.galaxyparams.app.ResultCsv;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.stamp.SkyMode;

/**
 * Plugins &gt; Galaxy Params &gt; Fit Galaxy (Maximum Likelihood)...: maps the dialog (or macro options) onto a
 * {@link FitRequest} and shows what {@link Fitting} returns: for the galaxy in the ROI (found inside it; a stamp of
 * {@code stamp_size} is cut around it and its centre is fitted), every ROI of the ROI Manager ({@code all_rois}), or
 * without a ROI every slice of a stack of square stamps. Rows are added to the "Galaxy Params Fit" table and
 * appended to {@code save_csv}; model and residual stacks and the half-light ellipses are shown. Without a display,
 * {@code input=[file.fits] save_csv=[file.csv]} fits a dataset into a CSV as the {@code fit} command does.
 */
public class FitGalaxyPlugin implements PlugIn {
    static final String TITLE = "Fit Galaxy";
    static final String TABLE = "Galaxy Params Fit";

    static MacroForm form() {
        FitRequest d = FitRequest.DEFAULTS;
        return new MacroForm()
                .number("psf_fwhm", 0, 3, "arcsec (0 = from the slice label; a value wins over the label)")
                .number("psf_beta", 0, 2, "Moffat (0 = from the file, else 2)")
                .number("sigma", 0, 2, "counts (0 = from the label, else the border)")
                .flag("estimate_sigma_from_border", d.sigmaFromBorder())
                .number("pixel_scale", 0, 4, "arcsec/pixel (0 = from the image)")
                .integer("stamp_size", d.stampSize(), "pixels (ROI mode)")
                .choice("sky", EstimateParametersPlugin.SKY, d.sky().word())
                .flag("free_centre", d.freeCentre())
                .flag("all_rois", false)
                .flag("show_model", true)
                .flag("show_residual", true)
                .flag("overlay", true)
                .flag("clear_table", false)
                .file("input", "")
                .file("save_csv", "");
    }

    /** The request the dialog's or macro's values make. */
    static FitRequest request(MacroForm.Values v) {
        return new FitRequest(v.number("psf_fwhm"), v.number("psf_beta"), v.number("sigma"), v.flag("estimate_sigma_from_border"),
                v.flag("free_centre"), v.integer("stamp_size", 16, 1024), v.number("pixel_scale"), SkyMode.parse(v.text("sky")), 0, 0);
    }

    @Override
    public void run(String arg) {
        try {
            MacroForm.Values v = PluginOptions.read(TITLE, form(), "input=[/path/stamps.fits] save_csv=[/path/fit.csv]");
            if (v == null) return;
            Fitting fitting = new Fitting(request(v));
            String input = v.text("input").trim(), csv = v.text("save_csv").trim();
            IJ.resetEscape();
            Monitor monitor = Monitor.of(IjUi.progress("Fitting"), IJ::escapePressed, m -> IJ.log(TITLE + ": " + m));
            if (!input.isEmpty()) {
                if (csv.isEmpty()) throw new IllegalArgumentException("input=[" + input + "] needs save_csv=[file.csv]: the fits of a file go to a CSV");
                if (!java.nio.file.Files.exists(Path.of(input))) throw new IllegalArgumentException("input=[" + input + "] does not exist");
                // a dataset's fit is written whole, as the fit command writes it: never over a CSV already there
                if (java.nio.file.Files.exists(Path.of(csv)))
                    throw new IllegalArgumentException("save_csv=[" + csv + "] exists: give another file (the fit of a dataset is written"
                            + " as a new CSV; its rows are not appended to earlier ones)");
                FitFiles.Summary s = FitFiles.run(fitting, Path.of(input), Path.of(csv), "ImageJ run(\"Fit Galaxy (Maximum Likelihood)...\")", monitor);
                IjUi.done(TITLE + ": " + s.images() + " images");
                IJ.log(TITLE + ": " + s.describe());
                return;
            }
            ImagePlus imp = WindowManager.getCurrentImage();
            if (imp == null)
                throw new IllegalArgumentException("no image: open a stamp or a stack of stamps first, or give input=[file.fits] save_csv=[file.csv]");
            List<org.galaxyparams.app.Target> targets = EstimateParametersPlugin.targets(imp, v.flag("all_rois"));
            // a CSV that cannot take the rows is said now, not after the work
            if (!v.text("save_csv").trim().isEmpty()) ResultCsv.checkAppendable(Path.of(v.text("save_csv").trim()));
            ImagePlusSource src = EstimateParametersPlugin.source(imp, TITLE);
            show(imp, src, fitting.image(src, src.inFileRows(targets), monitor), v);
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            IjUi.done("");
            IjUi.error(TITLE, e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            IjUi.done("");
            IjUi.error(TITLE, e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            IjUi.error(TITLE, "interrupted: nothing written");
        }
    }

    static void show(ImagePlus imp, ImagePlusSource src, ImageResult result, MacroForm.Values v) throws IOException {
        List<MeasurementRow> rows = result.rows();
        IjUi.done("Fitted " + rows.stream().filter(MeasurementRow::ok).count() + " of " + rows.size() + " galaxies"
                + (result.cancelled() ? " (cancelled)" : ""));
        String csv = v.text("save_csv").trim();
        if (!csv.isEmpty()) {
            ResultCsv.append(Path.of(csv), rows);
            IJ.log(TITLE + ": added " + rows.size() + " rows to " + csv);
        }
        if (IjUi.headless()) return;
        ResultTables.append(TABLE, rows, v.flag("clear_table")).show(TABLE);
        int size = result.stampSize();
        ImageStack models = new ImageStack(size, size), residuals = new ImageStack(size, size);
        Overlay overlay = new Overlay();
        for (int i = 0; i < rows.size(); i++) {
            MeasurementRow r = rows.get(i);
            for (ImageResult.Panel p : result.panels().get(i)) {
                if (p.label().endsWith(" model")) GalaxyImages.addSlice(models, p.label(), src.screenRows(p.pixels()));
                if (p.label().endsWith(" residual")) GalaxyImages.addSlice(residuals, p.label(), src.screenRows(p.pixels()));
            }
            Roi ellipse = r.ok() ? halfLightEllipse(r.estimate(), r.x(), r.y(), result.imageScale(), src) : null;
            if (ellipse != null) {
                if (imp.getStackSize() > 1) ellipse.setPosition(r.slice());
                overlay.add(ellipse);
            }
        }
        if (v.flag("overlay")) imp.setOverlay(overlay);
        if (v.flag("show_model") && models.getSize() > 0) showCalibrated(new ImagePlus(imp.getShortTitle() + " model", models), result);
        if (v.flag("show_residual") && residuals.getSize() > 0)
            showCalibrated(new ImagePlus(imp.getShortTitle() + " residual", residuals), result);
    }

    /**
     * The estimate's half-light ellipse on the image, centred at the row's (x, y) (file rows), or null when it has none
     * (|g| >= 1, no radius): {@link HalfLightEllipse} holds the geometry and its orientation on a flipped image.
     */
    static Roi halfLightEllipse(GalaxyParams p, double x, double fileY, double imageScale, ImagePlusSource src) {
        double radius = p.hlrArcsec() / imageScale;
        if (!HalfLightEllipse.drawable(radius, p.g1(), p.g2())) return null;
        Roi e = HalfLightEllipse.of(radius, p.g1(), p.g2()).roi(x, src.screenY(fileY), src.rowsFlipped());
        e.setStrokeColor(Color.YELLOW);
        return e;
    }

    private static void showCalibrated(ImagePlus out, ImageResult result) {
        Calibration cal = out.getCalibration();
        cal.pixelWidth = cal.pixelHeight = result.pixelScale();
        cal.setUnit(GalaxyImages.UNIT);
        IjUi.show(out);
    }
}
