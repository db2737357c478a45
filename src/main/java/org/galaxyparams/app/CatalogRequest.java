package org.galaxyparams.app;

import org.galaxyparams.field.DetectionSettings;

/**
 * Everything a field catalog run is asked for, with its defaults and checks in one place: the Fiji plugin, the SciJava
 * command and the CLI only map their inputs onto it.
 * <p>
 * <b>Option against header.</b> A PSF FWHM, sigma, pixel scale or saturation level the user gives wins over the
 * field's header; where neither gives one, the PSF is measured on the stars, sigma comes from the background mesh,
 * the pixel scale is the model's (said in the notes) and no pixel is taken as saturated.
 *
 * @param estimate model, denoiser, method, threads, and the user's PSF FWHM and sigma (NaN: the header's)
 * @param detection how sources are found
 * @param pixelScale arcsec per pixel, NaN for the header's
 * @param saturation counts at which a pixel is saturated, NaN for the header's SATURATE
 * @param shard which sources this run measures: blocks of {@link FieldCatalog#BLOCK} consecutive ids, block b in shard
 *              b mod N (every run finds all sources, the same way)
 * @param seed seeds the noise that fills masked pixels for the networks
 */
public record CatalogRequest(EstimateRequest estimate, DetectionSettings detection, double pixelScale, double saturation, Shard shard,
                             long seed) {
    public static final CatalogRequest DEFAULTS = new CatalogRequest(EstimateRequest.DEFAULTS, DetectionSettings.DEFAULTS, Double.NaN,
            Double.NaN, Shard.ALL, 1);

    public CatalogRequest {
        if (estimate == null) estimate = EstimateRequest.DEFAULTS;
        if (detection == null) detection = DetectionSettings.DEFAULTS;
        if (shard == null) shard = Shard.ALL;
        pixelScale = given(pixelScale, "pixel_scale", 100);
        saturation = given(saturation, "saturation", 1e30);
    }

    private static double given(double v, String key, double max) {
        if (Double.isNaN(v) || v <= 0) return Double.NaN;
        if (!(v <= max)) throw new IllegalArgumentException(key + " " + v + " is out of range: give a value in (0, " + max + "], or 0 for the header's");
        return v;
    }

    public CatalogRequest withEstimate(EstimateRequest e) { return new CatalogRequest(e, detection, pixelScale, saturation, shard, seed); }

    public CatalogRequest withShard(Shard s) { return new CatalogRequest(estimate, detection, pixelScale, saturation, s, seed); }

    /** The same request as {@code catalog} options (for the rerun line written with the catalog). */
    public String cliOptions() {
        DetectionSettings d = detection;
        EstimateRequest e = estimate;
        StringBuilder b = new StringBuilder("--model ").append(quoted(e.model())).append(" --denoiser ").append(quoted(e.denoiser()))
                .append(" --device ").append(e.device()).append(" --method ").append(e.method().id());
        if (e.psfFwhm() > 0) b.append(" --psf-fwhm ").append(e.psfFwhm());
        if (e.sigma() > 0) b.append(" --sigma ").append(e.sigma());
        if (e.threads() > 0) b.append(" --threads ").append(e.threads());
        if (!e.priorBox().isEmpty()) b.append(" --prior-box ").append(quoted(e.priorBox()));
        b.append(" --threshold ").append(d.threshold()).append(" --detection ").append(d.detection()).append(" --min-area ").append(d.minArea())
                .append(" --deblend-sigma ").append(d.deblendSigma()).append(" --deblend-contrast ").append(d.deblendContrast())
                .append(" --background-box ").append(d.backgroundBox()).append(" --seed ").append(seed);
        if (pixelScale > 0) b.append(" --pixel-scale ").append(pixelScale);
        if (saturation > 0) b.append(" --saturation ").append(saturation);
        if (!shard.whole()) b.append(" --shard ").append(shard);
        return b.toString();
    }

    private static String quoted(String s) {
        return s.matches("[-A-Za-z0-9_.+@/]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
