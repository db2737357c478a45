package org.galaxyparams.app;

import org.galaxyparams.posterior.PriorBox;

import java.util.Locale;
import org.galaxyparams.estimate.EstimateMethod;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.stamp.SkyMode;

/**
 * Everything an estimate run is asked for, with its defaults and checks in one place: the Fiji plugin, the SciJava
 * command and the CLI only map their inputs onto it.
 * <p>
 * <b>Option against label.</b> A PSF FWHM or sigma the user gives wins over what a file's labels or a slice label
 * say; where the user gives none the label's value is used; where neither gives one, sigma is measured on the
 * stamp's border frame and a stamp without a PSF FWHM is refused. {@code sigmaFromBorder} measures sigma on the
 * border whatever the labels say.
 *
 * @param model regressor name or model card path
 * @param denoiser none, edsr, rdn, or a denoiser name or card
 * @param device auto, cpu or gpu
 * @param method network alone, refined by maximum likelihood (Cramer-Rao errors), or the posterior around that fit
 * @param psfFwhm PSF FWHM in arcsec, NaN for the labels' value
 * @param sigma noise sigma in counts, NaN for the labels' value (else the border)
 * @param sky what to do with the sky level measured on each stamp's border frame
 * @param resample resample an open image whose pixel scale differs from the model's (image mode)
 * @param threads PyTorch threads, 0 for one per core
 * @param priorBox the posterior's prior box in place of the model card's ranges ("" for the card's); only with the
 *                 posterior method
 * @param views the network's estimate is the mean over this many symmetric views of each stamp (1, 2, 4 or 8; 0 for
 *              each model card's own, which is 1 for the shipped models): more is more accurate and proportionally slower
 */
public record EstimateRequest(String model, String denoiser, String device, EstimateMethod method, double psfFwhm, double sigma,
                              boolean sigmaFromBorder, SkyMode sky, boolean resample, int threads, String priorBox, int views) {
    /** Largest PSF FWHM accepted, in arcsec (the shipped priors reach 1.0). */
    public static final double MAX_PSF_FWHM = 5;

    public static final EstimateRequest DEFAULTS = new EstimateRequest(ModelLocator.DEFAULT_REGRESSOR, "none", "auto", EstimateMethod.NETWORK,
            Double.NaN, Double.NaN, false, SkyMode.AUTO, false, 0);

    /** Normalises (blank model = default, 0 or less = not given) and checks every value; messages name the option. */
    public EstimateRequest {
        model = model == null || model.isBlank() ? ModelLocator.DEFAULT_REGRESSOR : model.trim();
        denoiser = denoiser == null || denoiser.isBlank() ? "none" : denoiser.trim();
        if (denoiser.equalsIgnoreCase("none") || denoiser.equalsIgnoreCase("edsr") || denoiser.equalsIgnoreCase("rdn"))
            denoiser = denoiser.toLowerCase(Locale.ROOT);
        device = device == null || device.isBlank() ? "auto" : device.trim().toLowerCase(Locale.ROOT);
        if (!device.equals("auto") && !device.equals("cpu") && !device.equals("gpu"))
            throw new IllegalArgumentException("device '" + device + "': use auto, cpu or gpu");
        psfFwhm = given(psfFwhm, "psf_fwhm", "arcsec", MAX_PSF_FWHM);
        sigma = given(sigma, "sigma", "counts", 1e12);
        if (sky == null) sky = SkyMode.AUTO;
        if (method == null) method = EstimateMethod.NETWORK;
        if (threads < 0) throw new IllegalArgumentException("threads " + threads + ": give 0 (one per core) or more");
        priorBox = PriorBox.parse(priorBox).text();
        if (views != 0 && !org.galaxyparams.net.SymmetryViews.valid(views))
            throw new IllegalArgumentException("views " + views + ": give 1, 2, 4 or 8 (0 for the model card's own)");
        if (!priorBox.isEmpty() && method != EstimateMethod.POSTERIOR)
            throw new IllegalArgumentException("a prior box (" + priorBox + ") is the posterior's prior: choose the posterior method, or leave the box empty");
    }

    /** With the model card's views. */
    public EstimateRequest(String model, String denoiser, String device, EstimateMethod method, double psfFwhm, double sigma,
                           boolean sigmaFromBorder, SkyMode sky, boolean resample, int threads, String priorBox) {
        this(model, denoiser, device, method, psfFwhm, sigma, sigmaFromBorder, sky, resample, threads, priorBox, 0);
    }

    /** Without a prior box (the model card's prior). */
    public EstimateRequest(String model, String denoiser, String device, EstimateMethod method, double psfFwhm, double sigma,
                           boolean sigmaFromBorder, SkyMode sky, boolean resample, int threads) {
        this(model, denoiser, device, method, psfFwhm, sigma, sigmaFromBorder, sky, resample, threads, "");
    }

    public EstimateRequest withPriorBox(String box) {
        return new EstimateRequest(model, denoiser, device, method, psfFwhm, sigma, sigmaFromBorder, sky, resample, threads, box, views);
    }

    /** NaN for "not given" (NaN, 0 or less); a given value must be finite and at most {@code max}. */
    private static double given(double v, String key, String unit, double max) {
        if (Double.isNaN(v) || v <= 0) return Double.NaN;
        if (!(v <= max)) throw new IllegalArgumentException(key + " " + v + " " + unit + " is out of range: give a value in (0, " + max + "],"
                + " or 0 to take it from the image's labels");
        return v;
    }

    public EstimateRequest withModel(String m, String d) {
        return new EstimateRequest(m, d, device, method, psfFwhm, sigma, sigmaFromBorder, sky, resample, threads, priorBox, views);
    }

    public EstimateRequest withConditions(double psf, double sg, boolean fromBorder) {
        return new EstimateRequest(model, denoiser, device, method, psf, sg, fromBorder, sky, resample, threads, priorBox, views);
    }

    /** Whether each estimate is fitted by maximum likelihood (ml, and posterior around that fit). */
    public boolean refine() { return method.fits(); }

    public EstimateRequest withRefine(boolean r) {
        return new EstimateRequest(model, denoiser, device, r ? EstimateMethod.ML : EstimateMethod.NETWORK, psfFwhm, sigma, sigmaFromBorder, sky, resample, threads, "", views);
    }

    public EstimateRequest withSky(SkyMode s) {
        return new EstimateRequest(model, denoiser, device, method, psfFwhm, sigma, sigmaFromBorder, s, resample, threads, priorBox, views);
    }

    public EstimateRequest withResample(boolean r) {
        return new EstimateRequest(model, denoiser, device, method, psfFwhm, sigma, sigmaFromBorder, sky, r, threads, priorBox, views);
    }

    /** The same request averaging the networks over {@code v} symmetric views (0: each card's own). */
    public EstimateRequest withViews(int v) {
        return new EstimateRequest(model, denoiser, device, method, psfFwhm, sigma, sigmaFromBorder, sky, resample, threads, priorBox, v);
    }

    public EstimateRequest withDevice(String d, int t) {
        return new EstimateRequest(model, denoiser, d, method, psfFwhm, sigma, sigmaFromBorder, sky, resample, t, priorBox, views);
    }

    /** The same request as CLI options (for the rerun line written with the results). */
    public String cliOptions() {
        StringBuilder b = new StringBuilder("--model ").append(quoted(model)).append(" --denoiser ").append(quoted(denoiser))
                .append(" --device ").append(device).append(" --sky ").append(sky.word());
        if (method != EstimateMethod.NETWORK) b.append(" --method ").append(method.id());
        if (psfFwhm > 0) b.append(" --psf-fwhm ").append(psfFwhm);
        if (sigma > 0) b.append(" --sigma ").append(sigma);
        if (sigmaFromBorder) b.append(" --sigma-from-border");
        if (threads > 0) b.append(" --threads ").append(threads);
        if (!priorBox.isEmpty()) b.append(" --prior-box ").append(priorBox);
        if (views > 0) b.append(" --views ").append(views);
        return b.toString();
    }

    /** The same request as ImageJ macro options. */
    public String macroOptions() {
        StringBuilder b = new StringBuilder("model=[").append(model).append("] denoiser=").append(denoiser)
                .append(" device=").append(device).append(" sky=").append(sky.word())
                .append(" psf_fwhm=").append(psfFwhm > 0 ? psfFwhm : 0).append(" sigma=").append(sigma > 0 ? sigma : 0);
        b.append(" method=").append(method.id());
        if (sigmaFromBorder) b.append(" estimate_sigma_from_border");
        if (resample) b.append(" resample");
        if (!priorBox.isEmpty()) b.append(" prior_box=[").append(priorBox).append(']');
        if (views > 0) b.append(" views=").append(views);
        return b.toString();
    }

    private static String quoted(String s) {
        return s.matches("[-A-Za-z0-9_.+@/]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
