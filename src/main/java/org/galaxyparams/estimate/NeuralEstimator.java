package org.galaxyparams.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.galaxyparams.fit.FitResult;
import org.galaxyparams.fit.MaximumLikelihoodFitter;
import org.galaxyparams.fit.ModelFlux;
import org.galaxyparams.net.GalaxyNetwork;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.SymmetryViews;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.ProgressListener;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;

/**
 * Denoiser (optional) then Xception regressor, in batches, with an optional maximum-likelihood refinement
 * started from the network's answer. The networks are not closed here: they belong to {@link ModelCache}.
 */
public final class NeuralEstimator implements ParameterEstimator {
    private static final int CHUNK = 256;
    /**
     * Largest |pixel| accepted, in counts: 250x the brightest pixel the priors produce (flux <= 4e5 counts in
     * all), and far below float overflow inside the networks.
     */
    static final double MAX_PIXEL_COUNTS = org.galaxyparams.stamp.StampPreparation.MAX_PIXEL_COUNTS;
    private final GalaxyNetwork regressor;
    private final GalaxyNetwork denoiser;
    private final boolean refine;
    private final Consumer<String> warnings;
    /** Symmetric views asked for by the run (0: the card's). */
    private int viewsAsked;
    private boolean uncalibratedViewsSaid, uncalibratedFluxSaid;
    /** Set by {@link #withPosterior}: sample the posterior around each refinement. */
    private org.galaxyparams.posterior.GalaxyPosterior posterior;

    /**
     * @param denoiser null for none
     * @param refine also fit by maximum likelihood from the network's estimate (errors from the Cramer-Rao bound)
     */
    public NeuralEstimator(GalaxyNetwork regressor, GalaxyNetwork denoiser, boolean refine, Consumer<String> warnings) {
        if (regressor.card().isDenoiser())
            throw new IllegalArgumentException(regressor.card().name() + " is a denoiser, not a regressor");
        if (denoiser != null && !denoiser.card().isDenoiser())
            throw new IllegalArgumentException(denoiser.card().name() + " is a regressor, not a denoiser");
        if (denoiser != null && denoiser.card().encoding().stampSize() != regressor.card().encoding().stampSize())
            throw new IllegalArgumentException("Denoiser and regressor take different stamp sizes");
        ModelCard.DenoiserRecord front = regressor.card().inputDenoiser();
        if (front != null && (denoiser == null || !front.sha256().equals(denoiser.card().sha256())))
            throw new IllegalArgumentException(regressor.card().name() + " was trained on the outputs of " + front.tag()
                    + ": run it behind that denoiser" + (denoiser == null ? "" : ", not " + denoiser.card().name()));
        this.regressor = regressor;
        this.denoiser = denoiser;
        this.refine = refine;
        this.warnings = warnings;
    }

    /**
     * Also sample the posterior around each maximum-likelihood refinement (which this estimator must make), under the
     * model card's prior with the user's {@code box} in place of its ranges (NONE for the card's own; see
     * {@link org.galaxyparams.posterior.PriorBox}); the rows then carry the posterior mean and standard deviation.
     */
    public NeuralEstimator withPosterior(org.galaxyparams.posterior.PriorBox box) {
        if (!refine) throw new IllegalStateException("the posterior is sampled around a refinement: make the estimator with refine");
        this.posterior = new org.galaxyparams.posterior.GalaxyPosterior(box.applyTo(cardPrior()));
        this.priorBox = box;
        return this;
    }

    /** The user's prior box, NONE for the card's prior. */
    private org.galaxyparams.posterior.PriorBox priorBox = org.galaxyparams.posterior.PriorBox.NONE;

    /** The model card's prior (its preset's uniform draws and SNR window), dataset 3's when the card names none. */
    org.galaxyparams.posterior.PosteriorPrior cardPrior() {
        ModelCard.PriorRecord p = regressor.card().prior();
        org.galaxyparams.sim.Preset preset;
        try {
            preset = org.galaxyparams.sim.Preset.parse(p == null ? "dataset3" : p.preset());
        } catch (IllegalArgumentException e) {
            preset = org.galaxyparams.sim.Preset.DATASET3;
        }
        if (!(preset.prior() instanceof org.galaxyparams.sim.UniformPrior u))
            throw new IllegalArgumentException(regressor.card().name() + " was trained on a fixed galaxy (" + preset.id()
                    + "): no prior to take a posterior under");
        double lo = p != null && p.snrMax() > p.snrMin() ? p.snrMin() : 10, hi = p != null && p.snrMax() > p.snrMin() ? p.snrMax() : 100;
        return org.galaxyparams.posterior.PosteriorPrior.of(u, lo, hi);
    }

    /** The regressor network. */
    GalaxyNetwork regressor() { return regressor; }

    @Override
    public String provenance() {
        String r = tag(regressor, views());
        String p = denoiser == null ? r : tag(denoiser) + " + " + r;
        // a posterior under the user's box says so, so that every number traces back to its prior
        return posterior != null && !priorBox.isEmpty() ? p + "; prior box " + priorBox : p;
    }

    /** name@hash, and "in plain Java" once PyTorch was found to compute this network wrongly on this CPU. */
    private static String tag(GalaxyNetwork n) {
        return tag(n, 1);
    }

    private static String tag(GalaxyNetwork n, int views) {
        ModelCard c = n.card();
        return c.name() + "@" + (c.sha256() == null ? "unhashed" : c.sha256().substring(0, 12))
                + (views > 1 ? " x" + views + " views" : "") + (!c.isDenoiser() && c.modelFlux() ? " with model flux" : "")
                + (n.usesPyTorch() ? "" : " in plain Java");
    }

    @Override
    public int stampSize() { return regressor.card().encoding().stampSize(); }

    @Override
    public double pixelScale() {
        ModelCard.PriorRecord p = regressor.card().prior();
        return p != null && p.pixelScale() > 0 ? p.pixelScale() : StampGeometry.DEFAULT.pixelScale();
    }

    @Override
    public double psfBeta() {
        ModelCard.PriorRecord p = regressor.card().prior();
        return p != null && p.psfBeta() > 0 ? p.psfBeta() : 2.0;
    }

    /** Below this offset (pixels) a stamp goes to the networks as it is. */
    static final double SHIFT_TOLERANCE = 1e-3;

    /**
     * The pixels the networks see: the networks were trained on galaxies centred on the stamp's centre, so a stamp cut
     * around a measured centre is moved by its sub-pixel offset first (a Fourier shift, which keeps the noise white).
     * On 830 isolated galaxies of a simulated field this took the Sersic-index RMSE from 1.02 to 0.95 and flux from
     * 11,950 to 10,720, level with galaxies drawn centred. Ready-cut stamps are centred by convention and go as they are.
     */
    static float[] networkPixels(StampInput s) {
        if (!s.freeCentre() || (Math.abs(s.offsetX()) < SHIFT_TOLERANCE && Math.abs(s.offsetY()) < SHIFT_TOLERANCE)) return s.pixels();
        return org.galaxyparams.stamp.SubPixelShift.shift(s.pixels(), s.size(), -s.offsetX(), -s.offsetY());
    }

    @Override
    public String checkInput(StampInput s) {
        if (s.size() != stampSize())
            return s.size() + " x " + s.size() + " stamp, but the model takes " + stampSize() + " x " + stampSize()
                    + ": cut the stamp at the model's size";
        for (float v : s.pixels()) {
            if (!Float.isFinite(v)) return "the stamp has NaN or infinite pixels: mask or crop them out first";
            if (Math.abs(v) > MAX_PIXEL_COUNTS)
                return String.format(Locale.ROOT, "a pixel holds %.3g counts, far beyond any galaxy the model was trained on"
                        + " (|pixel| <= %.0e): check the image's units, or mask saturated and hot pixels", v, MAX_PIXEL_COUNTS);
        }
        if (!(s.sigma() > 0) || !Double.isFinite(s.sigma()))
            return "noise sigma is " + s.sigma() + ": give sigma > 0 (or estimate it from the border)";
        if (!(s.psfFwhm() > 0) || !Double.isFinite(s.psfFwhm()))
            return "PSF FWHM is " + s.psfFwhm() + ": give the PSF FWHM in arcsec";
        return null;
    }

    /** Slack on a training range's PSF FWHM ends (arcsec) and, relative, on its sigma ends: within it, a value is in range. */
    static final double PSF_SLACK_ARCSEC = 1e-9, SIGMA_SLACK = 1e-3;

    /** Whether {@code v} lies in [lo, hi] with the slack above (absolute when {@code relative} is false). */
    static boolean within(double v, double lo, double hi, double slack, boolean relative) {
        return v >= lo - (relative ? slack * Math.abs(lo) : slack) && v <= hi + (relative ? slack * Math.abs(hi) : slack);
    }

    /** A warning when the conditions lie outside what the model was trained on, else null. */
    String rangeWarning(StampInput s) {
        ModelCard.PriorRecord p = regressor.card().prior();
        if (p == null) return null;
        List<String> out = new ArrayList<>();
        if (Double.isFinite(p.psfFwhmMin()) && !within(s.psfFwhm(), p.psfFwhmMin(), p.psfFwhmMax(), PSF_SLACK_ARCSEC, false))
            out.add(String.format(Locale.ROOT, "PSF FWHM %.3g outside the training range %.3g-%.3g arcsec", s.psfFwhm(), p.psfFwhmMin(), p.psfFwhmMax()));
        if (Double.isFinite(p.sigmaMin()) && !within(s.sigma(), p.sigmaMin(), p.sigmaMax(), SIGMA_SLACK, true))
            out.add(String.format(Locale.ROOT, "sigma %.4g outside the training range %.4g-%.4g", s.sigma(), p.sigmaMin(), p.sigmaMax()));
        return out.isEmpty() ? null : String.join("; ", out) + ": the estimate may be biased";
    }

    @Override
    public List<Estimate> estimate(List<StampInput> stamps, BooleanSupplier cancelled, ProgressListener progress) {
        List<Estimate> out = new ArrayList<>(stamps.size());
        int size = Math.max(32, CHUNK / views()); // each view is one more network input: a forward pass stays at CHUNK
        for (int from = 0; from < stamps.size() && !cancelled.getAsBoolean(); from += size) {
            List<StampInput> chunk = stamps.subList(from, Math.min(stamps.size(), from + size));
            out.addAll(estimateChunk(chunk, cancelled));
            if (progress != null) progress.progress(out.size(), stamps.size());
        }
        return out;
    }

    private List<Estimate> estimateChunk(List<StampInput> chunk, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        InputEncoding enc = regressor.card().encoding();
        int plane = enc.stampSize() * enc.stampSize();
        List<StampInput> valid = new ArrayList<>();
        String[] refusal = new String[chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
            refusal[i] = checkInput(chunk.get(i));
            if (refusal[i] == null) valid.add(chunk.get(i));
        }
        float[] input = new float[valid.size() * enc.channels() * plane];
        float[][] denoised = new float[valid.size()][];
        if (denoiser == null) {
            forEachStamp(valid.size(), i -> {
                StampInput s = valid.get(i);
                enc.encode(networkPixels(s), s.psfFwhm(), s.sigma(), input, i);
            });
        } else if (!valid.isEmpty()) {
            InputEncoding denc = denoiser.card().encoding();
            float[] din = new float[valid.size() * denc.channels() * plane];
            forEachStamp(valid.size(), i -> {
                StampInput s = valid.get(i);
                denc.encode(networkPixels(s), s.psfFwhm(), s.sigma(), din, i);
            });
            float[] dout = denoiser.forward(din, valid.size(), warnings);
            forEachStamp(valid.size(), i -> {
                StampInput s = valid.get(i);
                float[] img = new float[plane];
                for (int p = 0; p < plane; p++) img[p] = (float) (dout[i * plane + p] / denc.imageScale());
                denoised[i] = img;
                // a regressor with a denoised plane sees both stamps; an older one sees the denoised stamp alone
                if (enc.denoisedPlane()) enc.encode(s.pixels(), img, s.psfFwhm(), s.sigma(), input, i);
                else enc.encode(img, s.psfFwhm(), s.sigma(), input, i);
            });
        }
        float[] scaled = valid.isEmpty() ? new float[0] : regressorForward(input, valid.size());
        double netSeconds = (System.nanoTime() - t0) / 1e9 / Math.max(1, chunk.size());
        // each stamp's refinement and posterior are independent: spread over the cores, in stamp order in the result
        Estimate[] done = new Estimate[chunk.size()];
        int[] validAt = new int[chunk.size()];
        for (int i = 0, v = 0; i < chunk.size(); i++) validAt[i] = refusal[i] == null ? v++ : -1;
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, chunk.size());
        (refine || regressor.card().modelFlux() ? range.parallel() : range).forEach(i -> done[i] = refusal[i] != null ? Estimate.refused(chunk.get(i).id(), refusal[i])
                : answer(chunk.get(i), scaled, validAt[i], denoised[validAt[i]], netSeconds, cancelled));
        // a cancel leaves stamps without the refinement or posterior asked for: return the in-order prefix before the
        // first of them, so that no network-only answer is written as if it were finished (a rerun redoes the rest)
        int complete = 0;
        while (complete < done.length && done[complete] != null) complete++;
        return java.util.Arrays.asList(done).subList(0, complete);
    }

    /**
     * Runs {@code perStamp} for stamps 0..n-1 on all cores. Each call writes only its own stamp's slice of the arrays
     * it fills, so the order of the work changes nothing in the result.
     */
    private static void forEachStamp(int n, java.util.function.IntConsumer perStamp) {
        java.util.stream.IntStream.range(0, n).parallel().forEach(perStamp);
    }

    /**
     * Estimates as the mean over {@code views} symmetric views of each stamp (1, 2, 4 or 8) instead of the card's
     * count; spreads take the card's calibration for that count when it has one.
     */
    public NeuralEstimator withViews(int views) {
        if (!SymmetryViews.valid(views)) throw new IllegalArgumentException("views " + views + ": give 1, 2, 4 or 8");
        viewsAsked = views;
        return this;
    }

    /** How many symmetric views each estimate averages. */
    public int views() { return viewsAsked > 0 ? viewsAsked : regressor.card().views(); }

    /** The regressor's scaled outputs for {@code n} encoded stamps: the mean over the symmetric views. */
    private float[] regressorForward(float[] input, int n) {
        return SymmetryViews.forwardMean(regressor, input, n, views(), warnings);
    }

    /**
     * The estimate of valid stamp number {@code v} of the chunk from the network's outputs, refined when asked; null when
     * a cancel came before the refinement (or posterior) asked for was complete.
     */
    private Estimate answer(StampInput s, float[] scaled, int v, float[] denoised, double netSeconds, BooleanSupplier cancelled) {
        int per = regressor.outputSize();
        GalaxyParams p = GalaxyParams.of(regressor.card().labels().unscale(scaled, v * per));
        double[] spread = regressor.predictsErrors() ? calibrated(regressor.card().labels().unscaleSpread(scaled, v * per + 5)) : null;
        String invalid = NetworkOutputCheck.invalid(p);
        double seconds = netSeconds;
        String fluxNote = null;
        boolean modelFlux = invalid == null && regressor.card().modelFlux();
        // the model flux, the fit and the posterior share one double copy of the stamp
        double[] px = modelFlux || refine ? pixelsForFit(s) : null;
        if (modelFlux) {
            long t1 = System.nanoTime();
            try {
                double f = ModelFlux.fit(px, s.sigma(), PsfModel.moffat(psfBeta(), s.psfFwhm()), geometry(s), drawable(p));
                if (f > 0) p = new GalaxyParams(f, p.sersicN(), p.hlrArcsec(), p.g1(), p.g2());
                else fluxNote = "no positive model flux fits the stamp at the network's shape: the network's flux is reported";
            } catch (RuntimeException ex) { // e.g. a PSF too wide to draw: that stamp's note, never the batch's failure
                fluxNote = "model flux failed (" + ex.getMessage() + "): the network's flux is reported";
            }
            seconds += (System.nanoTime() - t1) / 1e9;
        }
        // the note is about the values reported: the model's flux when it replaced the network's
        String note = invalid == null ? ObservingConditions.join(NetworkOutputCheck.outsideTraining(p, regressor.card().labels()), fluxNote) : null;
        FitResult fit = null;
        org.galaxyparams.posterior.PosteriorSummary post = null;
        if (refine && !cancelled.getAsBoolean()) {
            try {
                fit = refine(s, px, invalid == null ? p : null, cancelled);
                seconds += fit.seconds();
                note = ObservingConditions.join(note, refinementNote(fit));
                if (posterior != null && !cancelled.getAsBoolean()) {
                    long t1 = System.nanoTime();
                    post = posterior(s, px, fit, cancelled);
                    seconds += (System.nanoTime() - t1) / 1e9;
                    note = ObservingConditions.join(note, post.message());
                }
            } catch (RuntimeException ex) { // one stamp's failure is that stamp's row, never the batch's
                note = ObservingConditions.join(note, (fit == null ? "refinement" : "posterior") + " failed: " + ex.getMessage());
            }
        }
        if (invalid != null) {
            String why = "network output outside its prior (" + invalid + ")";
            note = fit != null ? ObservingConditions.join(why + "; refined from the image moments instead", note)
                    : ObservingConditions.join("no estimate: " + why, note);
        }
        // cancelled before or during this stamp's refinement or posterior: its answer is not the one asked for
        if (refine && cancelled.getAsBoolean()) return null;
        String message = ObservingConditions.join(note, rangeWarning(s));
        return new Estimate(s.id(), p, denoised, fit, seconds, message, invalid, spread, post);
    }

    /** The stamp's pixels as the likelihood takes them: doubles, NaN where masked. */
    private static double[] pixelsForFit(StampInput s) {
        double[] px = new double[s.pixels().length];
        for (int i = 0; i < px.length; i++) px[i] = s.masked() != null && s.masked()[i] ? Double.NaN : s.pixels()[i];
        return px;
    }

    /** The stamp's drawing geometry: its size, the model's pixel scale and the galaxy's offset from the centre. */
    private StampGeometry geometry(StampInput s) {
        return new StampGeometry(s.size(), pixelScale(), s.offsetX(), s.offsetY());
    }

    /** {@code p} moved into the range the renderer draws (a network may answer a little beyond its prior). */
    static GalaxyParams drawable(GalaxyParams p) {
        return new GalaxyParams(Math.max(p.flux(), 1), clamp(p.sersicN(), 0.45, 6.15), clamp(p.hlrArcsec(), 0.035, 1.15),
                clamp(p.g1(), -0.69, 0.69), clamp(p.g2(), -0.69, 0.69));
    }

    /** The spreads times the card's calibration factors, when it has them. */
    private double[] calibrated(double[] spread) {
        ModelCard.ErrorCalibration c = regressor.card().errorCalibration();
        if (c == null) return spread;
        double[] scale = c.scaleFor(views());
        if (!c.flux().equals(regressor.card().flux())) {
            synchronized (this) {
                if (!uncalibratedFluxSaid) warnings.accept(regressor.card().name() + ": its errors were calibrated with the " + c.flux()
                        + " flux, but the card now reports the " + regressor.card().flux() + " flux (the flux error may be off); calibrate --model "
                        + regressor.card().name() + " measures them again");
                uncalibratedFluxSaid = true;
            }
        }
        if (scale == null) {
            scale = c.scale();
            synchronized (this) {
                if (!uncalibratedViewsSaid) warnings.accept(regressor.card().name() + ": its errors were calibrated for " + c.views()
                        + " view(s), not " + views() + " (they may be a few percent too large); calibrate --model "
                        + regressor.card().name() + " measures every view count");
                uncalibratedViewsSaid = true;
            }
        }
        for (int k = 0; k < 5; k++) spread[k] *= scale[k];
        return spread;
    }

    /** What the row should say about a refinement that did not converge cleanly, or null. */
    static String refinementNote(FitResult fit) {
        boolean finiteErrors = fit.errors() != null;
        if (finiteErrors) for (double e : fit.errors()) finiteErrors &= Double.isFinite(e);
        if (fit.converged() && finiteErrors) return null;
        String what = fit.converged() ? "refinement converged" : "refinement did not converge";
        return what + " (" + fit.message() + ")" + (finiteErrors ? "" : "; errors undefined there");
    }

    /** Maximum-likelihood fit from {@code start}, or from the image moments when {@code start} is null. */
    private FitResult refine(StampInput s, double[] px, GalaxyParams start, BooleanSupplier cancelled) {
        StampGeometry geo = geometry(s);
        PsfModel psf = PsfModel.moffat(psfBeta(), s.psfFwhm());
        MaximumLikelihoodFitter fitter = (posterior != null ? MaximumLikelihoodFitter.posteriorStart() : new MaximumLikelihoodFitter())
                .withFreeCentre(s.freeCentre());
        if (start == null) return fitter.fit(px, s.sigma(), psf, geo, cancelled);
        return fitter.fit(px, s.sigma(), psf, geo, drawable(start), cancelled);
    }

    /**
     * The posterior around {@code fit}, with the fitted centre held; seeded by the stamp's pixels, so a stamp's row
     * is the same whatever batch or thread it came in.
     */
    private org.galaxyparams.posterior.PosteriorSummary posterior(StampInput s, double[] px, FitResult fit, BooleanSupplier cancelled) {
        StampGeometry geo = new StampGeometry(s.size(), pixelScale(), s.freeCentre() ? fit.offsetX() : s.offsetX(),
                s.freeCentre() ? fit.offsetY() : s.offsetY());
        long seed = java.util.Arrays.hashCode(s.pixels()) * 0x9E3779B97F4A7C15L + 1;
        return posterior.sample(px, s.sigma(), PsfModel.moffat(psfBeta(), s.psfFwhm()), geo, fit.estimate(), fit.fisher(), seed, cancelled);
    }

    private static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }

    @Override
    public void close() {
        // networks are shared through ModelCache and stay loaded for the session
    }
}
