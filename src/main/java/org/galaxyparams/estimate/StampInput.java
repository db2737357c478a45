package org.galaxyparams.estimate;

/**
 * One stamp to estimate: square, row-major (index y * size + x), counts.
 *
 * @param id what the caller calls it (file name, slice, ROI)
 * @param psfFwhm PSF FWHM in arcsec
 * @param sigma Gaussian noise standard deviation in counts
 * @param offsetX galaxy centre's offset in pixels from the stamp's centre, as far as it is known (the networks
 *                assume 0; a refinement starts there)
 * @param offsetY the same along y
 * @param freeCentre whether a refinement fits the centre too: true for a stamp cut from a larger image, false for a
 *                   ready-cut stamp, centred by convention
 * @param masked pixels left out of the likelihood (a neighbour's light, bad pixels), or null for none; the networks
 *               see {@code pixels}, where the caller has filled them with noise
 */
public record StampInput(String id, float[] pixels, int size, double psfFwhm, double sigma, double offsetX, double offsetY,
                         boolean freeCentre, boolean[] masked) {
    public StampInput {
        if (pixels.length != size * size)
            throw new IllegalArgumentException(id + ": " + pixels.length + " pixels is not a " + size + " x " + size + " stamp");
        if (masked != null && masked.length != pixels.length)
            throw new IllegalArgumentException(id + ": the mask has " + masked.length + " pixels, the stamp " + pixels.length);
    }

    /** A stamp without masked pixels. */
    public StampInput(String id, float[] pixels, int size, double psfFwhm, double sigma, double offsetX, double offsetY, boolean freeCentre) {
        this(id, pixels, size, psfFwhm, sigma, offsetX, offsetY, freeCentre, null);
    }

    /** A ready-cut stamp, centred by convention. */
    public StampInput(String id, float[] pixels, int size, double psfFwhm, double sigma) {
        this(id, pixels, size, psfFwhm, sigma, 0, 0, false);
    }

    /** A simulated sample's noisy stamp with its own PSF and sigma, named by its seed (evaluation, training targets). */
    public static StampInput of(org.galaxyparams.sim.Sample s, int size) {
        return new StampInput("seed " + s.seed(), s.noisy(), size, s.psfFwhm(), s.sigma());
    }

    public StampInput withConditions(double fwhm, double sg) {
        return new StampInput(id, pixels, size, fwhm, sg, offsetX, offsetY, freeCentre, masked);
    }
}
