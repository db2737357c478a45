package org.galaxyparams.field;

import java.util.Locale;

import org.galaxyparams.sim.Preset;

/**
 * What a simulated field holds, with defaults and checks in one place.
 *
 * @param width pixels
 * @param height pixels
 * @param galaxies number of galaxies, drawn from the preset's prior of (flux, n, hlr, g1, g2) and kept when their SNR
 *                 (SPEC section 1, at this field's PSF and sigma) is in [10, 100], as in the training data
 * @param stars number of stars (the PSF alone), flux log-uniform in [{@link #STAR_FLUX_MIN}, {@link #STAR_FLUX_MAX}] counts
 * @param preset where the galaxies' parameters come from
 * @param psfFwhm Moffat (beta 2) FWHM in arcsec, one for the whole field
 * @param sigma Gaussian read noise in counts (Poisson noise on the sources comes on top)
 * @param sky sky level in counts per pixel at the field's centre
 * @param skyGradient sky change in counts per pixel across the field's width (a tilt along x)
 * @param pairFraction fraction of galaxies placed 6-15 pixels from an earlier galaxy, so that blends are certain
 * @param pixelScale arcsec per pixel
 * @param wcs whether to write a TAN WCS (reference at the centre, RA 150, Dec 2.2, north up)
 * @param seed base seed: the same spec and seed give the same field
 */
public record FieldSpec(int width, int height, int galaxies, int stars, Preset preset, double psfFwhm, double sigma, double sky,
                        double skyGradient, double pairFraction, double pixelScale, boolean wcs, long seed) {
    public static final double STAR_FLUX_MIN = 2e4, STAR_FLUX_MAX = 2e6;
    /** Sources are placed at least this far from the edge, pixels: a whole stamp fits around each. */
    public static final int MARGIN = 40;

    public static final FieldSpec DEFAULTS = new FieldSpec(4096, 4096, 1000, 100, Preset.DATASET3, 0.7, 300, 1000, 0, 0.05, 0.23, true, 1);

    public FieldSpec {
        if (width < 2 * MARGIN + 16 || height < 2 * MARGIN + 16 || (long) width * height > 400_000_000L)
            throw new IllegalArgumentException(String.format(Locale.ROOT, "field %d x %d: give sides of at least %d pixels and at most"
                    + " 400 million pixels in all", width, height, 2 * MARGIN + 16));
        if (galaxies < 0 || stars < 0 || galaxies + stars > 1_000_000)
            throw new IllegalArgumentException("galaxies " + galaxies + ", stars " + stars + ": give 0 to 1,000,000 sources in all");
        if (preset == null) preset = Preset.DATASET3;
        if (preset == Preset.SNR30 || preset == Preset.SNR60)
            throw new IllegalArgumentException("preset " + preset.id() + " is one fixed galaxy: give dataset1, dataset2 or dataset3");
        if (!(psfFwhm > 0 && psfFwhm <= 5)) throw new IllegalArgumentException("psf_fwhm " + psfFwhm + " arcsec: give a value in (0, 5]");
        if (!(sigma > 0 && sigma < 1e9)) throw new IllegalArgumentException("sigma " + sigma + " counts: give a value > 0");
        if (!Double.isFinite(sky) || !Double.isFinite(skyGradient)) throw new IllegalArgumentException("sky and sky gradient must be finite");
        if (!(pairFraction >= 0 && pairFraction <= 1)) throw new IllegalArgumentException("pair fraction " + pairFraction + ": give a value in [0, 1]");
        if (!(pixelScale > 0 && pixelScale < 100)) throw new IllegalArgumentException("pixel scale " + pixelScale + " arcsec/pixel: give a value > 0");
    }

    /** Sky in counts per pixel at pixel (x, y): the level at the centre plus the tilt along x. */
    public double skyAt(int x, int y) {
        return sky + skyGradient * ((x + 0.5) / width - 0.5);
    }
}
