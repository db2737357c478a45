package org.galaxyparams.app;

import org.galaxyparams.stamp.SkyMode;

/**
 * A maximum-likelihood fit run, with its defaults and checks in one place for the Fiji plugin, the SciJava command
 * and the CLI. PSF FWHM and sigma follow the rule of {@link EstimateRequest}: a value given wins over the labels;
 * absent (NaN, 0) means the labels' value; sigma missing from both is measured on the stamp's border.
 *
 * @param psfFwhm PSF FWHM in arcsec, NaN for the labels'
 * @param psfBeta Moffat beta, NaN for the file's PSFBETA (else 2)
 * @param sigma noise sigma in counts, NaN for the labels' (else the border)
 * @param sigmaFromBorder measure sigma on the border whatever the labels say
 * @param freeCentre fit the centre of ready-cut stamps too (a stamp cut from a larger image always has it fitted)
 * @param stampSize side in pixels of the stamp cut around a galaxy of a larger image
 * @param pixelScale arcsec/pixel for images and files that state none, NaN for the default 0.23 (then said)
 * @param sky what to do with the sky measured around each galaxy
 * @param threads worker threads, 0 for one per core
 * @param count fit only the first {@code count} images of a file, 0 for all
 */
public record FitRequest(double psfFwhm, double psfBeta, double sigma, boolean sigmaFromBorder, boolean freeCentre, int stampSize,
                         double pixelScale, SkyMode sky, int threads, int count) {
    /** Pixel scale assumed when neither the data nor the user gives one, arcsec/pixel. */
    public static final double DEFAULT_PIXEL_SCALE = 0.23;

    public static final FitRequest DEFAULTS = new FitRequest(Double.NaN, Double.NaN, Double.NaN, false, false, 64, Double.NaN,
            SkyMode.AUTO, 0, 0);

    public FitRequest {
        psfFwhm = given(psfFwhm, "psf_fwhm", "arcsec", EstimateRequest.MAX_PSF_FWHM);
        psfBeta = given(psfBeta, "psf_beta", "", 50);
        if (psfBeta > 0 && psfBeta <= 1) throw new IllegalArgumentException("psf_beta " + psfBeta + ": a Moffat PSF needs beta > 1");
        sigma = given(sigma, "sigma", "counts", 1e12);
        pixelScale = given(pixelScale, "pixel_scale", "arcsec/pixel", 10);
        if (stampSize < 16 || stampSize > 1024)
            throw new IllegalArgumentException("stamp_size " + stampSize + ": give 16 to 1024 pixels");
        if (sky == null) sky = SkyMode.AUTO;
        if (threads < 0) throw new IllegalArgumentException("threads " + threads + ": give 0 (one per core) or more");
        if (count < 0) throw new IllegalArgumentException("count " + count + ": give 0 (all) or more");
    }

    private static double given(double v, String key, String unit, double max) {
        if (Double.isNaN(v) || v <= 0) return Double.NaN;
        if (!(v <= max)) throw new IllegalArgumentException(key + " " + v + (unit.isEmpty() ? "" : " " + unit)
                + " is out of range: give a value in (0, " + max + "], or 0 to take it from the data");
        return v;
    }

    /** Worker threads to use. */
    public int workers() { return threads > 0 ? threads : Runtime.getRuntime().availableProcessors(); }
}
