package org.galaxyparams.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.EllipseRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import ij.process.FloatProcessor;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.galaxyparams.fit.FitResult;
import org.galaxyparams.fit.MaximumLikelihoodFitter;
import org.galaxyparams.fit.StampCut;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.ProgressListener;
import org.galaxyparams.sim.PsfModel;

/**
 * Plugins &gt; Galaxy Params &gt; Fit Galaxy (Maximum Likelihood)...: fits flux, n, hlr, g1, g2 to the galaxy in
 * the ROI (a stamp cut around the ROI's centroid) or, without a ROI, to every slice of a stack of square stamps.
 * Results in the "Galaxy Params Fit" table (optionally saved as CSV), the model and residual (data - model) as
 * stacks, and the half-light ellipse as an overlay. Without a display, {@code input=[file.fits]} names a dataset
 * to fit and {@code save_csv=[file.csv]} where to write the table.
 */
public class FitGalaxyPlugin implements PlugIn {
    static final String TITLE = "Fit Galaxy";
    static final String TABLE = "Galaxy Params Fit";

    static MacroForm form() {
        return new MacroForm()
                .number("psf_fwhm", 0.5, 3, "arcsec (used when a slice label has no psf=)")
                .number("psf_beta", 2.0, 2, "Moffat")
                .number("sigma", 0, 2, "counts (0 = from the label, else the border)")
                .flag("estimate_sigma", false)
                .number("pixel_scale", 0, 4, "arcsec/pixel (0 = from the image)")
                .integer("stamp_size", 64, "pixels (ROI mode)")
                .flag("free_centre", false)
                .flag("show_model", true)
                .flag("show_residual", true)
                .flag("overlay", true)
                .text("input", "")
                .text("save_csv", "");
    }

    @Override
    public void run(String arg) {
        MacroForm.Values v;
        try {
            v = PluginOptions.read(TITLE, form(), "input=[/path/stamps.fits] save_csv=[/path/fit.csv]");
        } catch (IllegalArgumentException e) {
            IjUi.error(TITLE, e.getMessage());
            return;
        }
        if (v == null) return;
        try {
            ImagePlus imp = image(v);
            if (imp == null) return;
            fit(imp, v);
        } catch (IllegalArgumentException | IOException e) {
            IjUi.error(TITLE, e.getMessage());
        }
    }

    private static ImagePlus image(MacroForm.Values v) throws IOException {
        String input = v.text("input").trim();
        if (!input.isEmpty()) {
            List<ImagePlus> opened = GalaxyImages.open(Path.of(input), 0, 0.23, ProgressListener.NONE);
            return opened.get(0); // the noisy stack
        }
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) IjUi.error(TITLE, "no image: open a stamp or a stack of stamps first, or give input=[file.fits]");
        return imp;
    }

    /** Fits and shows/saves the results; returns the table. */
    static ResultsTable fit(ImagePlus imp, MacroForm.Values v) throws IOException {
        double scale = v.number("pixel_scale") > 0 ? v.number("pixel_scale") : pixelScale(imp);
        Roi roi = imp.getRoi();
        boolean roiMode = roi != null && roi.isArea();
        int size = roiMode ? v.integer("stamp_size", 16, 1024) : imp.getWidth();
        if (!roiMode && imp.getWidth() != imp.getHeight()) {
            throw new IllegalArgumentException("without a ROI every slice must be a square stamp; this image is "
                    + imp.getWidth() + "x" + imp.getHeight() + ": draw a ROI around the galaxy");
        }
        if (roiMode && (roi.getBounds().width < 16 || roi.getBounds().height < 16)) {
            throw new IllegalArgumentException("the ROI is smaller than 16 pixels: draw it around the whole galaxy");
        }
        int first = roiMode ? imp.getCurrentSlice() : 1, last = roiMode ? first : imp.getStackSize();
        ResultsTable rt = new ResultsTable();
        ImageStack models = new ImageStack(size, size), residuals = new ImageStack(size, size);
        Overlay overlay = new Overlay();
        MaximumLikelihoodFitter fitter = new MaximumLikelihoodFitter().withFreeCentre(v.flag("free_centre"));
        IJ.resetEscape();
        ProgressListener progress = IjUi.progress("Fitting");
        for (int s = first; s <= last; s++) {
            if (progress.isCancelled()) break;
            float[] pixels = (float[]) imp.getStack().getProcessor(s).convertToFloatProcessor().getPixels();
            double cx = roiMode ? roi.getContourCentroid()[0] : size / 2.0;
            double cy = roiMode ? roi.getContourCentroid()[1] : size / 2.0;
            StampCut cut = StampCut.around(pixels, imp.getWidth(), imp.getHeight(), cx, cy, size, scale);
            SliceLabels.Parsed label = SliceLabels.parse(imp.getStack().getSliceLabel(s));
            double fwhm = Double.isFinite(label.psfFwhmArcsec()) ? label.psfFwhmArcsec() : v.number("psf_fwhm");
            double sigma = v.flag("estimate_sigma") ? StampCut.borderSigma(cut.pixels(), size, 4)
                    : v.number("sigma") > 0 ? v.number("sigma")
                    : Double.isFinite(label.sigma()) ? label.sigma() : StampCut.borderSigma(cut.pixels(), size, 4);
            rt.incrementCounter();
            rt.addValue("slice", s);
            try {
                FitResult r = fitter.fit(cut.pixels(), sigma, PsfModel.moffat(v.number("psf_beta"), fwhm),
                        cut.geometry(), IJ::escapePressed);
                // the (refined) centre back in image coordinates, where pixel i spans [i, i+1)
                cx = cut.x0() + 0.5 + (size - 1) / 2.0 + r.offsetX();
                cy = cut.y0() + 0.5 + (size - 1) / 2.0 + r.offsetY();
                rt.addValue("x", cx);
                rt.addValue("y", cy);
                addRow(rt, r, fwhm, sigma);
                float[] model = new float[size * size], residual = new float[size * size];
                for (int i = 0; i < model.length; i++) {
                    model[i] = (float) r.model()[i];
                    residual[i] = (float) (cut.pixels()[i] - r.model()[i]);
                }
                models.addSlice("model " + s, new FloatProcessor(size, size, model));
                residuals.addSlice("residual " + s, new FloatProcessor(size, size, residual));
                Roi ellipse = halfLightEllipse(r.estimate(), cx, cy, scale);
                if (!roiMode) ellipse.setPosition(s);
                overlay.add(ellipse);
            } catch (IllegalArgumentException e) {
                rt.addValue("converged", 0);
                rt.addValue("message", "error: " + e.getMessage());
            }
            progress.progress(s - first + 1, last - first + 1);
        }
        IjUi.done("Fitted " + rt.size() + " galaxies");
        String csv = v.text("save_csv").trim();
        if (!csv.isEmpty()) {
            rt.saveAs(csv);
            IJ.log(TITLE + ": wrote " + rt.size() + " rows to " + csv);
        }
        if (!IjUi.headless()) {
            rt.show(TABLE);
            if (v.flag("overlay")) imp.setOverlay(overlay);
            if (v.flag("show_model") && models.getSize() > 0) showCalibrated(new ImagePlus(imp.getShortTitle() + " model", models), imp);
            if (v.flag("show_residual") && residuals.getSize() > 0) {
                showCalibrated(new ImagePlus(imp.getShortTitle() + " residual", residuals), imp);
            }
        }
        return rt;
    }

    private static void addRow(ResultsTable rt, FitResult r, double fwhm, double sigma) {
        GalaxyParams e = r.estimate();
        double[] v = e.toArray();
        for (int k = 0; k < 5; k++) rt.addValue(GalaxyParams.LABELS[k], v[k]);
        for (int k = 0; k < 5; k++) rt.addValue(GalaxyParams.LABELS[k] + "_err", r.errors()[k]);
        rt.addValue("chi2_dof", r.chi2PerDof());
        rt.addValue("iterations", r.iterations());
        rt.addValue("converged", r.converged() ? 1 : 0);
        rt.addValue("time_s", r.seconds());
        rt.addValue("psf_fwhm", fwhm);
        rt.addValue("sigma", sigma);
        rt.addValue("message", r.message());
    }

    /** The model's half-light ellipse: semi-axes hlr sqrt((1 +- |g|)/(1 -+ |g|)), angle atan2(g2, g1) / 2 from x. */
    static Roi halfLightEllipse(GalaxyParams p, double cx, double cy, double scale) {
        double g = Math.hypot(p.g1(), p.g2());
        double a = p.hlrArcsec() / scale * Math.sqrt((1 + g) / (1 - g));
        double b = p.hlrArcsec() / scale * Math.sqrt((1 - g) / (1 + g));
        double theta = 0.5 * Math.atan2(p.g2(), p.g1()); // stamp rows are ImageJ rows: no flip
        Roi e = new EllipseRoi(cx - a * Math.cos(theta), cy - a * Math.sin(theta), cx + a * Math.cos(theta),
                cy + a * Math.sin(theta), b / a);
        e.setStrokeColor(Color.YELLOW);
        return e;
    }

    private static double pixelScale(ImagePlus imp) {
        double s = GalaxyImages.pixelScaleArcsec(imp);
        return Double.isFinite(s) && s > 0 ? s : 0.23;
    }

    private static void showCalibrated(ImagePlus out, ImagePlus like) {
        out.setCalibration(like.getCalibration().copy());
        IjUi.show(out);
    }
}
