package org.galaxyparams.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.galaxyparams.estimate.Estimate;
import org.galaxyparams.estimate.ModelCache;
import org.galaxyparams.estimate.NeuralEstimator;
import org.galaxyparams.estimate.ObservingConditions;
import org.galaxyparams.estimate.ParameterEstimator;
import org.galaxyparams.estimate.StampInput;
import org.galaxyparams.fit.FitResult;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;
import org.galaxyparams.stamp.PreparedStamp;
import org.galaxyparams.stamp.SourceFinder;

/**
 * The estimate workflow for every front-end: an {@link EstimateRequest} and a loaded estimator, run over an open
 * image's galaxies ({@link #image}) or over files into a CSV ({@link EstimateFiles}). Rows come back typed
 * ({@link MeasurementRow}); front-ends only show them.
 */
public final class Estimation {
    private final EstimateRequest request;
    private final ParameterEstimator estimator;

    public Estimation(EstimateRequest request, ParameterEstimator estimator) {
        this.request = request;
        this.estimator = estimator;
    }

    /** Loads the request's networks (once per session: they are cached) with its thread count. */
    public static Estimation load(EstimateRequest request, Monitor monitor) throws IOException {
        DjlRuntime.configureThreads(request.threads());
        monitor.status("Loading " + request.model() + (request.denoiser().equals("none") ? "" : " and " + request.denoiser()) + "...");
        return new Estimation(request, ModelCache.forRun(request.model(), request.denoiser(), request.device(), request.method(),
                org.galaxyparams.posterior.PriorBox.parse(request.priorBox()), request.views(), monitor::warn));
    }

    public EstimateRequest request() { return request; }

    public ParameterEstimator estimator() { return estimator; }

    /** What produced the numbers (model names and hashes). */
    public String provenance() { return estimator.provenance(); }

    /** The user's PSF FWHM and sigma, with the one rule of {@link EstimateRequest} against the labels. */
    ObservingConditions conditions(boolean resampled) {
        return new ObservingConditions(request.psfFwhm(), request.sigma(), resampled || request.sigmaFromBorder());
    }

    /** Why a file's pixel scale does not suit the model (more than 0.5 % off), or null. */
    public static String pixelScaleProblem(double fileScale, double modelScale) {
        if (!Double.isFinite(fileScale) || Math.abs(fileScale / modelScale - 1) <= 0.005) return null;
        return String.format(Locale.ROOT, "pixel scale %.4g arcsec/pixel, but the model was trained at %.4g:"
                + " resample the image to the model's scale or use a model trained for this one", fileScale, modelScale);
    }

    /** Why there is no source to measure, or null when the smoothed peak is significant. */
    static String noSource(PreparedStamp p) {
        if (p.peak().detected()) return null;
        return String.format(Locale.ROOT, "no source: the most significant smoothed peak near the centre is %.1f sigma, below %.0f;"
                + " draw the ROI around a galaxy", p.peak().significance(), SourceFinder.DETECTION_SIGMA);
    }

    static String skyNote(PreparedStamp p) {
        if (p.skySubtracted() == 0) return "";
        return String.format(Locale.ROOT, "sky %.4g counts/pixel subtracted (%s, +-%.2g)", p.skySubtracted(),
                p.skyAround() ? "annulus around the galaxy" : "border", p.sky().standardError());
    }

    // ------------------------------------------------------------------------------------------- image mode

    /**
     * Estimates every target of an open image. Whole-run problems (an 8-bit image, a pixel scale the model was not
     * trained for without resample, slices not of the model's size without a ROI) throw IllegalArgumentException;
     * a target that cannot be measured gets a row saying why, unless it is the only one (then it throws).
     */
    public ImageResult image(ImageSource src, List<Target> targets, Monitor monitor) {
        checkPixelType(src);
        int size = estimator.stampSize();
        double modelScale = estimator.pixelScale();
        double imageScale = src.pixelScale();
        String scaleNote = "";
        if (!(imageScale > 0)) {
            imageScale = modelScale;
            scaleNote = String.format(Locale.ROOT, "pixel scale assumed %.4g arcsec/pixel (the image gives none)", modelScale);
        }
        String problem = pixelScaleProblem(imageScale, modelScale);
        boolean resample = problem != null;
        if (resample && !request.resample())
            throw new IllegalArgumentException("this image has a " + problem + " (or tick resample to let this command resample it)");
        if (resample) scaleNote = ObservingConditions.join(scaleNote, String.format(Locale.ROOT,
                "resampled from %.4g arcsec/pixel; sigma from the border", imageScale));
        boolean roiMode = !targets.isEmpty() && targets.get(0).roi() != null;
        if (!roiMode && !resample && (src.width() != size || src.height() != size)) {
            throw new IllegalArgumentException("without a ROI every slice must be a " + size + "x" + size + " stamp (the model's size);"
                    + " this image is " + src.width() + "x" + src.height()
                    + ": draw a ROI around the galaxy, or add one ROI per galaxy to the ROI Manager and tick all_rois");
        }
        List<GalaxyStamps.Prepared> prepared = GalaxyStamps.prepare(src, targets, new GalaxyStamps.Rule(size, imageScale, modelScale,
                resample, scaleNote, conditions(false), request.sky(), provenance()));

        // estimate in chunks, so that the progress moves and a cancel is seen soon
        List<StampInput> inputs = new ArrayList<>();
        for (GalaxyStamps.Prepared p : prepared) if (p.input() != null) inputs.add(p.input());
        List<Estimate> results = new ArrayList<>(inputs.size());
        int chunk = request.refine() ? 2 : 64;
        for (int from = 0; from < inputs.size() && !monitor.isCancelled(); from += chunk) {
            results.addAll(estimator.estimate(inputs.subList(from, Math.min(inputs.size(), from + chunk)), monitor::isCancelled, null));
            monitor.progress(results.size(), inputs.size());
        }
        boolean cancelled = results.size() < inputs.size();

        List<MeasurementRow> rows = new ArrayList<>(prepared.size());
        List<List<ImageResult.Panel>> panels = new ArrayList<>(prepared.size());
        GalaxyRenderer renderer = new GalaxyRenderer();
        int next = 0;
        for (GalaxyStamps.Prepared p : prepared) {
            if (p.failed() != null) {
                rows.add(p.failed());
                panels.add(List.of());
                continue;
            }
            Target t = p.target();
            if (p.input() == null || next >= results.size()) {
                rows.add(MeasurementRow.failed(src.title(), -1, t.slice(), t.roi(), t.x(), t.y(), provenance(),
                        cancelled ? "cancelled" : "not estimated"));
                panels.add(List.of());
                continue;
            }
            Estimate e = results.get(next++);
            rows.add(imageRow(src.title(), p, e, resample));
            panels.add(e.best() == null ? List.of() : panels(p, e, renderer, modelScale, rows, t.where()));
        }
        return new ImageResult(rows, panels, size, modelScale, imageScale, cancelled);
    }

    /** 8-bit and RGB pixels are display levels, not counts: refused with the way out. */
    static void checkPixelType(ImageSource src) { checkPixelType(src.title(), src.bitDepth()); }

    /** The same for any image: its title and bit depth (8, 16, 32; 24 for RGB). */
    public static void checkPixelType(String title, int bitDepth) {
        if (bitDepth == 24)
            throw new IllegalArgumentException(title + " is an RGB image: its pixels are colours, not counts; split the channels"
                    + " (Image>Color>Split Channels) and measure one, or open the original data");
        if (bitDepth == 8)
            throw new IllegalArgumentException(title + " is 8-bit: its pixels are display levels (0-255), not counts, so flux and"
                    + " noise would be wrong; open the original data (FITS or 32-bit), or if these really are counts convert it with"
                    + " Image>Type>32-bit");
    }

    private MeasurementRow imageRow(String title, GalaxyStamps.Prepared p, Estimate e, boolean resample) {
        Target t = p.target();
        StampInput in = p.input();
        PreparedStamp s = p.stamp();
        double x = s.centreX(), y = s.centreY();
        FitResult fit = e.refined();
        if (fit != null && in.freeCentre()) {
            // the fitted centre back in image coordinates
            x = s.x0() + in.size() / 2.0 + fit.offsetX();
            y = s.y0() + in.size() / 2.0 + fit.offsetY();
        }
        String message = e.ok() || e.rejected() != null ? ObservingConditions.join(p.note(), e.message())
                : ObservingConditions.join("refused: " + e.message(), p.note());
        return new MeasurementRow(title, -1, t.slice(), t.roi(), x, y, e.best(), method(e), fit, e.errors(),
                e.posterior() != null && e.posterior().ok() ? e.posterior() : null, in.psfFwhm(), in.sigma(), s.skySubtracted(), s.peak().significance(),
                e.model(provenance()), e.seconds(), message);
    }

    /** The row's method: what made {@link Estimate#best()}, "" without an estimate. */
    static String method(Estimate e) {
        if (e.best() == null) return "";
        if (e.posterior() != null && e.posterior().ok()) return MeasurementRow.POSTERIOR;
        return e.refined() != null ? MeasurementRow.REFINED : MeasurementRow.NETWORK;
    }

    /** Data, denoised (when a denoiser ran), model at the estimate and residual, as the estimator saw them. */
    private List<ImageResult.Panel> panels(GalaxyStamps.Prepared p, Estimate e, GalaxyRenderer renderer, double modelScale, List<MeasurementRow> rows, String id) {
        int size = p.input().size();
        float[] data = p.input().pixels();
        List<ImageResult.Panel> out = new ArrayList<>(4);
        out.add(new ImageResult.Panel(id + " data", data.clone()));
        if (e.denoised() != null) out.add(new ImageResult.Panel(id + " denoised", e.denoised().clone()));
        float[] model = new float[size * size], residual = new float[size * size];
        try {
            double[] m = modelImage(renderer, e, p.input(), modelScale, estimator.psfBeta());
            for (int i = 0; i < model.length; i++) {
                model[i] = (float) m[i];
                residual[i] = (float) (data[i] - m[i]);
            }
        } catch (IllegalArgumentException ex) {
            java.util.Arrays.fill(model, Float.NaN);
            java.util.Arrays.fill(residual, Float.NaN);
            MeasurementRow r = rows.remove(rows.size() - 1);
            rows.add(r.withMessage(ObservingConditions.join(r.message(), "model image not drawn: " + ex.getMessage())));
        }
        out.add(new ImageResult.Panel(id + " model", model));
        out.add(new ImageResult.Panel(id + " residual", residual));
        return out;
    }

    /** The noiseless model at the estimate: the refinement's, else drawn by the simulator at the stamp's centre offset. */
    static double[] modelImage(GalaxyRenderer renderer, Estimate e, StampInput in, double scale, double psfBeta) {
        FitResult r = e.refined();
        if (r != null && r.model() != null && r.model().length == in.size() * in.size()) return r.model();
        GalaxyParams p = e.best();
        p.validate();
        return renderer.render(p, PsfModel.moffat(psfBeta, in.psfFwhm()),
                new StampGeometry(in.size(), scale, in.offsetX(), in.offsetY()));
    }
}
