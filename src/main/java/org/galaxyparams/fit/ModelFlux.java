package org.galaxyparams.fit;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;

/**
 * The flux of the galaxy model of a given shape (Sersic index, half-light radius, shear) that best fits a stamp, as
 * SDSS's model magnitudes take the shape from one fit and measure the flux alone.
 * <p>
 * For a fixed shape the model is linear in the flux: F m, with m the unit-flux drawing (PSF and pixel included). Pixel
 * k has variance sigma^2 + F m_k (Gaussian read noise plus the galaxy's Poisson counts, gain 1), so the best linear
 * unbiased flux is the weighted least-squares F = sum(w d m) / sum(w m^2) with w = 1 / (sigma^2 + F m). The weights
 * depend on F only through the Poisson term, so three reweightings from the starting flux settle it (each changes F by
 * a fraction of the Poisson share of the variance, under 1 % at this survey's fluxes). One drawing per stamp.
 * <p>
 * Why: the regressor's flux errs mostly where its shape errs (with the true shape these least squares leave a third of
 * its error), but it combines the two less well than the likelihood does. At the shipped networks' shapes the flux RMSE
 * fell 9 % on dataset 3, 13 % on dataset 2 and 18 % on dataset 1 (models/evaluation/xception64-asinh-errors-model-flux.md).
 * Safe to call from several threads: each draws with its own renderer.
 */
public final class ModelFlux {
    /** Reweightings of the least squares (the weights' Poisson term follows the flux). */
    static final int REWEIGHTINGS = 3;

    /**
     * The drawing's settings: a smallest FFT period of 64 (the stamp) instead of 128, 2 % of the flux allowed to fold
     * instead of 0.5 %, and a Fourier cut at 3e-3 instead of 1e-3. Three times faster than GalSim's defaults; on 600
     * stamps each of datasets 1 and 3 the flux moved by 1.1e-4 (RMS, relative) against the default drawing, a
     * hundredth of a percent where the estimates err by 5 %. {@code ModelFluxTest} holds it to 5e-4 on the priors' extremes.
     */
    static final GalaxyRenderer.Settings DRAWING = new GalaxyRenderer.Settings(64, 3e-3, 2e-2);

    private static final ThreadLocal<GalaxyRenderer> RENDERERS = ThreadLocal.withInitial(() -> new GalaxyRenderer(DRAWING));

    private ModelFlux() {}

    /**
     * The best-fitting flux (counts) of a galaxy with {@code shape}'s Sersic index, radius and shear (its flux is the
     * start of the reweighting); NaN pixels (masked) are left out. NaN when the stamp gives no positive flux for that
     * shape (no valid pixel, or a model that anticorrelates with the data).
     *
     * @param px stamp pixels in counts, row-major, NaN where masked
     * @param sigma Gaussian noise standard deviation, counts per pixel
     */
    public static double fit(double[] px, double sigma, PsfModel psf, StampGeometry geo, GalaxyParams shape) {
        GalaxyParams unit = new GalaxyParams(1, shape.sersicN(), shape.hlrArcsec(), shape.g1(), shape.g2());
        double[] m = RENDERERS.get().render(unit, psf, geo);
        double var0 = sigma * sigma;
        double f = shape.flux() > 0 && Double.isFinite(shape.flux()) ? shape.flux() : 0;
        for (int it = 0; it < REWEIGHTINGS; it++) {
            double num = 0, den = 0;
            for (int k = 0; k < m.length; k++) {
                if (Double.isNaN(px[k])) continue;
                double w = 1 / (var0 + Math.max(f * m[k], 0));
                num += w * px[k] * m[k];
                den += w * m[k] * m[k];
            }
            f = num / den;
            if (!(f > 0) || !Double.isFinite(f)) return Double.NaN;
        }
        return f;
    }
}
