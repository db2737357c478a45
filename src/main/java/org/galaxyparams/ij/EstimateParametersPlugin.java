package org.galaxyparams.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.galaxyparams.estimate.BatchEstimation;
import org.galaxyparams.estimate.ObservingConditions;
import org.galaxyparams.estimate.StampResampler;
import org.galaxyparams.estimate.Estimate;
import org.galaxyparams.estimate.ModelCache;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.estimate.NeuralEstimator;
import org.galaxyparams.estimate.StampInput;
import org.galaxyparams.fit.FitResult;
import org.galaxyparams.fit.StampCut;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;

/**
 * Plugins &gt; Galaxy Params &gt; Estimate Parameters...: the trained networks' estimates of flux, n, hlr, g1, g2
 * (optionally after a denoiser, optionally refined by maximum likelihood) for
 * <ul>
 * <li>the galaxy in the ROI (any shape: a stamp of the model's size is cut around the ROI's centroid),</li>
 * <li>every ROI of the ROI Manager ({@code all_rois}),</li>
 * <li>without a ROI, every slice of a stack of stamps of the model's size,</li>
 * <li>{@code input=[folder or file.fits] save_csv=[file.csv]}: every stamp of a folder or FITS dataset into a CSV
 * (appended to; files already in it are skipped), also headless.</li>
 * </ul>
 * The image modes show the "Galaxy Params Estimates" table ({@code save_csv} writes it), the "Galaxy Params Estimate
 * Images" stack (data, denoised, model at the estimate, residual) and the half-light ellipses as an overlay.
 */
public class EstimateParametersPlugin implements PlugIn {
    static final String TITLE = "Estimate Parameters";
    static final String TABLE = "Galaxy Params Estimates";
    static final String IMAGES = "Galaxy Params Estimate Images";
    static final String[] DENOISERS = {"none", "EDSR", "RDN"};
    static final String[] DEVICES = {"auto", "cpu", "gpu"};
    static final double DEFAULT_PSF_FWHM = 0.7;
    static final int MIN_ROI = 16;

    static MacroForm form() {
        return new MacroForm()
                .text("model", ModelLocator.DEFAULT_REGRESSOR)
                .choice("denoiser", DENOISERS, "none")
                .choice("device", DEVICES, "auto")
                .number("psf_fwhm", DEFAULT_PSF_FWHM, 3, "arcsec (for stamps whose label gives none)")
                .number("sigma", 0, 2, "counts (for stamps whose label gives none; 0 = from the border)")
                .flag("estimate_sigma_from_border", false)
                .flag("refine", false)
                .flag("resample", false)
                .flag("all_rois", false)
                .flag("show_images", true)
                .flag("overlay", true)
                .file("input", "")
                .file("save_csv", "")
                .message("input: a folder of FITS/TIFF stamps or a FITS dataset, estimated into save_csv instead of the image.");
    }

    @Override
    public void run(String arg) {
        MacroForm.Values v;
        try {
            v = PluginOptions.read(TITLE, form(), "input=[/path/stamps] save_csv=[/path/estimates.csv]");
        } catch (IllegalArgumentException e) {
            IjUi.error(TITLE, e.getMessage());
            return;
        }
        if (v == null) return;
        try {
            String input = v.text("input"), csv = v.text("save_csv");
            if (!input.isEmpty()) {
                if (csv.isEmpty()) {
                    IjUi.error(TITLE, "input=[" + input + "] needs save_csv=[file.csv]: the estimates of a folder or file go to a CSV");
                    return;
                }
                NeuralEstimator est = load(v);
                if (est == null) return;
                estimateFiles(Path.of(input), Path.of(csv), est, v);
                return;
            }
            ImagePlus imp = WindowManager.getCurrentImage();
            if (imp == null) {
                IjUi.error(TITLE, "no image: open a stamp, a stack of stamps or an image with a ROI around the galaxy first,"
                        + " or give input=[folder or file.fits] save_csv=[file.csv]");
                return;
            }
            List<Target> targets = targets(imp, v.flag("all_rois"));
            NeuralEstimator est = load(v);
            if (est == null) return;
            estimateImage(imp, targets, est, v);
        } catch (IllegalArgumentException | IOException e) {
            IjUi.done("");
            IjUi.error(TITLE, e.getMessage());
        }
    }

    /** The estimator, or null after telling the user why it could not be loaded. */
    static NeuralEstimator load(MacroForm.Values v) {
        String model = v.text("model").isBlank() ? ModelLocator.DEFAULT_REGRESSOR : v.text("model");
        String denoiser = v.text("denoiser").toLowerCase(Locale.ROOT);
        IJ.showStatus("Loading " + model + (denoiser.equals("none") ? "" : " and " + denoiser) + "...");
        try {
            return DjlRuntime.withBundleClassLoader(() -> {
                try {
                    return ModelCache.estimator(model, denoiser, v.text("device"), v.flag("refine"), w -> IJ.log(TITLE + ": " + w));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            IjUi.done("");
            IjUi.error(TITLE, "could not load the model: " + e.getCause().getMessage());
        } catch (RuntimeException e) {
            IjUi.done("");
            IjUi.error(TITLE, "could not load the model: " + e.getMessage());
        }
        return null;
    }

    // ---------------------------------------------------------------- folder / file mode

    /** The dialog's PSF FWHM and sigma as defaults for stamps whose source gives none; resampled stamps measure sigma. */
    static ObservingConditions conditions(MacroForm.Values v, boolean resampled) {
        return new ObservingConditions(v.number("psf_fwhm"), v.number("sigma"),
                resampled || v.flag("estimate_sigma_from_border"));
    }

    static void estimateFiles(Path in, Path csv, NeuralEstimator est, MacroForm.Values v) throws IOException {
        if (v.flag("resample")) {
            IJ.log(TITLE + ": resample applies to open images; files at another pixel scale get a row saying so");
        }
        IJ.resetEscape();
        long t0 = System.nanoTime();
        BatchEstimation.Summary s = BatchEstimation.run(in, csv, est, conditions(v, false),
                IjUi.progress("Estimating files"), IJ::escapePressed, m -> IJ.log(TITLE + ": unreadable " + m));
        String summary = String.format(Locale.ROOT,
                "%d stamps from %d files into %s (%d files already there, %d unreadable, %d stamps refused)%s in %.1f s with %s",
                s.stamps(), s.files() - s.skippedFiles() - s.unreadable(), csv, s.skippedFiles(), s.unreadable(), s.refused(),
                s.cancelled() ? ", cancelled" : "", (System.nanoTime() - t0) / 1e9, est.provenance());
        IjUi.done(TITLE + ": " + s.stamps() + " stamps" + (s.cancelled() ? " (cancelled)" : ""));
        IJ.log(TITLE + ": " + summary);
    }

    // ---------------------------------------------------------------- image modes

    /** A galaxy to cut: on {@code slice}, centred on ({@code cx}, {@code cy}) in image pixel coordinates. */
    record Target(int slice, String roi, double cx, double cy, String error) {}

    /** The galaxies the image mode asks for (checked for size), in order. */
    static List<Target> targets(ImagePlus imp, boolean allRois) {
        List<Target> out = new ArrayList<>();
        if (allRois) {
            RoiManager rm = RoiManager.getInstance();
            if (rm == null || rm.getCount() == 0) {
                throw new IllegalArgumentException("all_rois: the ROI Manager has no ROIs: add one ROI per galaxy (Edit>Selection>"
                        + "Add to Manager, or t) or untick all_rois");
            }
            Roi[] rois = rm.getRoisAsArray();
            for (int i = 0; i < rois.length; i++) {
                Roi r = rois[i];
                String name = rm.getName(i) != null ? rm.getName(i) : "roi " + (i + 1);
                int slice = r.getPosition() > 0 ? r.getPosition()
                        : r.hasHyperStackPosition() ? imp.getStackIndex(r.getCPosition(), r.getZPosition(), r.getTPosition())
                        : imp.getCurrentSlice();
                String error = roiProblem(r, name);
                if (error == null && slice > imp.getStackSize()) error = name + " is on slice " + slice + " but the image has " + imp.getStackSize();
                double[] c = r.getContourCentroid();
                out.add(new Target(Math.min(slice, imp.getStackSize()), name, c[0], c[1], error));
            }
            return out;
        }
        Roi roi = imp.getRoi();
        if (roi != null) {
            String name = roi.getName() != null ? roi.getName() : "roi";
            String error = roiProblem(roi, "the ROI");
            if (error != null) throw new IllegalArgumentException(error);
            double[] c = roi.getContourCentroid();
            out.add(new Target(imp.getCurrentSlice(), name, c[0], c[1], null));
            return out;
        }
        for (int s = 1; s <= imp.getStackSize(); s++) out.add(new Target(s, null, imp.getWidth() / 2.0, imp.getHeight() / 2.0, null));
        return out;
    }

    private static String roiProblem(Roi r, String name) {
        java.awt.Rectangle b = r.getBounds();
        if (b.width < MIN_ROI || b.height < MIN_ROI) {
            return name + " is " + b.width + "x" + b.height + " pixels, smaller than " + MIN_ROI
                    + ": draw it around the whole galaxy (a stamp of the model's size is cut around its centroid)";
        }
        return null;
    }

    /** One galaxy cut and ready for the network (or why not). */
    record Galaxy(Target target, StampInput input, double x, double y, String note, String error) {}

    static void estimateImage(ImagePlus imp, List<Target> targets, NeuralEstimator est, MacroForm.Values v) throws IOException {
        int size = est.stampSize();
        double modelScale = est.pixelScale();
        double imageScale = imageScale(imp);
        String scaleNote = "";
        if (!Double.isFinite(imageScale)) {
            imageScale = modelScale;
            scaleNote = String.format(Locale.ROOT, "pixel scale assumed %.4g arcsec/pixel (the image gives none)", modelScale);
        }
        String problem = BatchEstimation.pixelScaleProblem(imageScale, modelScale);
        boolean resample = problem != null;
        if (resample && !v.flag("resample")) {
            throw new IllegalArgumentException("this image has a " + problem + " (or tick resample to let this command resample it)");
        }
        if (resample) {
            scaleNote = ObservingConditions.join(scaleNote, String.format(Locale.ROOT, "resampled from %.4g arcsec/pixel; sigma from the border",
                    imageScale));
        }
        boolean roiMode = targets.get(0).roi() != null;
        if (!roiMode && !resample && (imp.getWidth() != size || imp.getHeight() != size)) {
            throw new IllegalArgumentException("without a ROI every slice must be a " + size + "x" + size + " stamp (the model's size);"
                    + " this image is " + imp.getWidth() + "x" + imp.getHeight()
                    + ": draw a ROI around the galaxy, or add one ROI per galaxy to the ROI Manager and tick all_rois");
        }
        boolean single = roiMode && !v.flag("all_rois");

        // cut the stamps
        List<Galaxy> galaxies = new ArrayList<>(targets.size());
        Map<Integer, float[]> slices = new HashMap<>();
        for (Target t : targets) {
            if (t.error() != null) {
                galaxies.add(new Galaxy(t, null, t.cx(), t.cy(), "", t.error()));
                continue;
            }
            try {
                galaxies.add(cut(imp, t, slices, size, imageScale, modelScale, resample, scaleNote, v));
            } catch (IllegalArgumentException e) {
                if (single) throw e;
                galaxies.add(new Galaxy(t, null, t.cx(), t.cy(), "", e.getMessage()));
            }
        }

        // estimate, in chunks so that the progress bar moves and Esc stops soon
        List<StampInput> inputs = new ArrayList<>();
        for (Galaxy g : galaxies) if (g.input() != null) inputs.add(g.input());
        List<Estimate> results = new ArrayList<>(inputs.size());
        IJ.resetEscape();
        int chunk = v.flag("refine") ? 2 : 64;
        for (int from = 0; from < inputs.size(); from += chunk) {
            if (IJ.escapePressed()) break;
            List<StampInput> part = inputs.subList(from, Math.min(inputs.size(), from + chunk));
            results.addAll(est.estimate(part, IJ::escapePressed, null));
            IJ.showProgress(results.size(), inputs.size());
            IJ.showStatus("Estimating " + results.size() + "/" + inputs.size() + " (Esc to cancel)");
        }
        boolean cancelled = results.size() < inputs.size();

        // table, images, overlay
        boolean refine = v.flag("refine");
        ResultsTable rt = new ResultsTable();
        ImageStack images = new ImageStack(size, size);
        Overlay overlay = new Overlay();
        GalaxyRenderer renderer = new GalaxyRenderer();
        String provenance = est.provenance();
        int next = 0;
        for (Galaxy g : galaxies) {
            Target t = g.target();
            Estimate e = null;
            if (g.input() != null && next < results.size()) e = results.get(next++);
            GalaxyParams p = e == null ? null : e.best();
            rt.incrementCounter();
            rt.addValue("slice", t.slice());
            if (roiMode) rt.addValue("roi", t.roi().replace(',', ';'));
            rt.addValue("x", g.x());
            rt.addValue("y", g.y());
            double[] values = p == null ? null : p.toArray();
            for (int k = 0; k < 5; k++) rt.addValue(GalaxyParams.LABELS[k], values == null ? Double.NaN : values[k]);
            if (refine) {
                double[] err = e != null && e.refined() != null ? e.refined().errors() : null;
                for (int k = 0; k < 5; k++) rt.addValue(GalaxyParams.LABELS[k] + "_err", err == null ? Double.NaN : err[k]);
            }
            rt.addValue("psf_fwhm", g.input() == null ? Double.NaN : g.input().psfFwhm());
            rt.addValue("sigma", g.input() == null ? Double.NaN : g.input().sigma());
            rt.addValue("model", provenance);
            rt.addValue("time_s", e == null ? Double.NaN : e.seconds());
            String message = g.error() != null ? "error: " + g.error()
                    : e == null ? (cancelled ? "cancelled" : "not estimated")
                    : e.ok() || e.rejected() != null ? ObservingConditions.join(g.note(), e.message())
                    : ObservingConditions.join("refused: " + e.message(), g.note());
            if (p != null) {
                String id = t.roi() != null ? t.roi() : "slice " + t.slice();
                float[] data = g.input().pixels();
                GalaxyImages.addSlice(images, id + " data", data.clone());
                if (e.denoised() != null) GalaxyImages.addSlice(images, id + " denoised", e.denoised().clone());
                float[] model = new float[size * size], residual = new float[size * size];
                try {
                    double[] m = modelImage(renderer, e, p, g.input().psfFwhm(), size, modelScale);
                    for (int i = 0; i < model.length; i++) {
                        model[i] = (float) m[i];
                        residual[i] = (float) (data[i] - m[i]);
                    }
                } catch (IllegalArgumentException ex) {
                    java.util.Arrays.fill(model, Float.NaN);
                    java.util.Arrays.fill(residual, Float.NaN);
                    message = ObservingConditions.join(message, "model image not drawn: " + ex.getMessage());
                }
                GalaxyImages.addSlice(images, id + " model", model);
                GalaxyImages.addSlice(images, id + " residual", residual);
                if (Math.hypot(p.g1(), p.g2()) < 1 && p.hlrArcsec() > 0) {
                    Roi ellipse = FitGalaxyPlugin.halfLightEllipse(p, g.x(), g.y(), imageScale);
                    if (imp.getStackSize() > 1) ellipse.setPosition(t.slice());
                    ellipse.setName(t.roi() != null ? t.roi() : "slice " + t.slice());
                    overlay.add(ellipse);
                }
            }
            rt.addValue("message", message.replace(',', ';'));
        }
        decimals(rt);
        IjUi.done(TITLE + ": " + results.size() + " of " + galaxies.size() + " galaxies" + (cancelled ? " (cancelled)" : ""));
        if (cancelled) IJ.log(TITLE + ": cancelled after " + results.size() + " of " + inputs.size() + " galaxies");
        String csv = v.text("save_csv");
        if (!csv.isEmpty()) {
            rt.saveAs(csv);
            IJ.log(TITLE + ": wrote " + rt.size() + " rows to " + csv);
        }
        if (!IjUi.headless()) {
            rt.show(TABLE);
            if (v.flag("overlay")) imp.setOverlay(overlay);
            if (v.flag("show_images") && images.getSize() > 0) {
                ImagePlus out = new ImagePlus(IMAGES, images);
                Calibration cal = out.getCalibration();
                cal.pixelWidth = cal.pixelHeight = modelScale;
                cal.setUnit(GalaxyImages.UNIT);
                out.resetDisplayRange();
                IjUi.show(out);
            }
        }
    }

    /** Enough digits for each column (the CSV is written as displayed). */
    private static void decimals(ResultsTable rt) {
        String[] names = {"x", "y", "flux", "sersic_n", "hlr", "g1", "g2", "flux_err", "sersic_n_err", "hlr_err", "g1_err",
                "g2_err", "psf_fwhm", "sigma", "time_s"};
        int[] digits = {2, 2, 2, 4, 5, 5, 5, 2, 4, 5, 5, 5, 4, 3, 4};
        for (int i = 0; i < names.length; i++) {
            int c = rt.getColumnIndex(names[i]);
            if (c != ResultsTable.COLUMN_NOT_FOUND) rt.setDecimalPlaces(c, digits[i]);
        }
    }

    /** Cuts (and if need be resamples) the stamp of one target and sets its observing conditions. */
    private static Galaxy cut(ImagePlus imp, Target t, Map<Integer, float[]> slices, int size, double imageScale,
                              double modelScale, boolean resample, String scaleNote, MacroForm.Values v) {
        int w = imp.getWidth(), h = imp.getHeight();
        float[] image = slices.computeIfAbsent(t.slice(),
                s -> (float[]) imp.getStack().getProcessor(s).convertToFloatProcessor().getPixels());
        String where = t.roi() != null ? t.roi() : "slice " + t.slice();
        float[] data;
        double x, y;
        if (resample) {
            data = StampResampler.resample(image, w, h, t.cx(), t.cy(), size, modelScale / imageScale, where);
            x = t.cx();
            y = t.cy();
        } else {
            int x0 = (int) Math.round(t.cx() - size / 2.0), y0 = (int) Math.round(t.cy() - size / 2.0);
            if (x0 < 0 || y0 < 0 || x0 + size > w || y0 + size > h) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s: the %dx%d stamp the model takes, centred on (%.1f, %.1f), falls outside the %dx%d image:"
                                + " move the ROI away from the edge", where, size, size, t.cx(), t.cy(), w, h));
            }
            checkFinite(image, w, x0, y0, size, size, where);
            StampCut c = StampCut.around(image, w, h, t.cx(), t.cy(), size, modelScale);
            data = new float[size * size];
            for (int i = 0; i < data.length; i++) data[i] = (float) c.pixels()[i];
            // the network takes the galaxy to sit at the stamp's centre
            x = c.x0() + size / 2.0;
            y = c.y0() + size / 2.0;
        }
        SliceLabels.Parsed label;
        try {
            label = SliceLabels.parse(GalaxyImages.label(imp, t.slice()));
        } catch (IllegalArgumentException e) {
            label = SliceLabels.parse(null);
        }
        ObservingConditions.Filled filled = conditions(v, resample).fill(new StampInput(where, data, size,
                label.psfFwhmArcsec() > 0 ? label.psfFwhmArcsec() : Double.NaN, label.sigma() > 0 ? label.sigma() : Double.NaN));
        if (!(filled.stamp().psfFwhm() > 0))
            throw new IllegalArgumentException(where + ": no PSF FWHM in the label; give psf_fwhm > 0 (arcsec)");
        return new Galaxy(t, filled.stamp(), x, y, ObservingConditions.join(scaleNote, filled.note()), null);
    }

    private static void checkFinite(float[] image, int w, int x0, int y0, int sw, int sh, String where) {
        for (int y = y0; y < y0 + sh; y++) {
            for (int x = x0; x < x0 + sw; x++) {
                float p = image[y * w + x];
                if (!Float.isFinite(p)) {
                    throw new IllegalArgumentException(where + ": pixel (" + x + ", " + y + ") of the stamp is " + p
                            + ": the network needs finite pixels; choose another ROI or replace them first (Process>Noise>Remove NaNs...)");
                }
            }
        }
    }

    /** The noiseless model at the estimate: the refinement's, else drawn by the simulator. */
    static double[] modelImage(GalaxyRenderer renderer, Estimate e, GalaxyParams p, double fwhm, int size, double scale) {
        FitResult r = e.refined();
        if (r != null && r.model() != null && r.model().length == size * size) return r.model();
        p.validate();
        return renderer.render(p, PsfModel.moffat(Preset.PSF_BETA, fwhm), new StampGeometry(size, scale));
    }

    private static final Pattern PIXSCALE = Pattern.compile("(?m)^\\s*PIXSCALE\\s*=\\s*'?([-+0-9.eEdD]+)");

    /**
     * The image's pixel scale in arcsec/pixel: its calibration when in arcsec, else PIXSCALE of a FITS header kept in
     * the image's Info, else NaN.
     */
    static double imageScale(ImagePlus imp) {
        double s = GalaxyImages.pixelScaleArcsec(imp);
        if (Double.isFinite(s) && s > 0) return s;
        String info = imp.getInfoProperty();
        if (info != null) {
            Matcher m = PIXSCALE.matcher(info);
            if (m.find()) {
                try {
                    double v = Double.parseDouble(m.group(1).replace('D', 'E').replace('d', 'e'));
                    if (v > 0 && Double.isFinite(v)) return v;
                } catch (NumberFormatException ignored) {
                    // not a number: treat as absent
                }
            }
        }
        return Double.NaN;
    }

}
