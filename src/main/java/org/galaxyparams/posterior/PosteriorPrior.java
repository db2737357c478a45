package org.galaxyparams.posterior;

import org.galaxyparams.sim.UniformPrior;

/**
 * The prior a posterior is taken under: flux, Sersic n and hlr uniform on their ranges, the shear amplitude uniform
 * on [0, shearMax] at a uniform angle (see {@link ShearMap}), and the SNR selection: a galaxy whose noiseless SNR
 * (root sum of squared model pixels over sigma) falls outside [snrMin, snrMax] would not be in the data set, so its
 * prior density is zero there. This is SPEC section 2's prior, the one a model card's preset names.
 */
public record PosteriorPrior(double fluxMin, double fluxMax, double nMin, double nMax, double hlrMin, double hlrMax, double shearMax,
                             double snrMin, double snrMax) {
    public PosteriorPrior {
        if (!(fluxMax > fluxMin && nMax > nMin && hlrMax > hlrMin && shearMax > 0 && shearMax < 1 && snrMax > snrMin))
            throw new IllegalArgumentException("prior bounds must be increasing, with 0 < shear bound < 1");
    }

    /** The prior of a preset's uniform draws and its SNR window. */
    public static PosteriorPrior of(UniformPrior u, double snrMin, double snrMax) {
        return new PosteriorPrior(u.fluxMin(), u.fluxMax(), u.nMin(), u.nMax(), u.hlrMinArcsec(), u.hlrMaxArcsec(), u.shearMax(),
                snrMin, snrMax);
    }

    /** Whether (flux, n, hlr, g) lies in the box (the SNR is checked on the model). */
    boolean inBox(double flux, double n, double hlr, double g1, double g2) {
        return flux >= fluxMin && flux <= fluxMax && n >= nMin && n <= nMax && hlr >= hlrMin && hlr <= hlrMax
                && Math.hypot(g1, g2) <= shearMax;
    }

    double[] widths() { return new double[] {fluxMax - fluxMin, nMax - nMin, hlrMax - hlrMin, shearMax, shearMax}; }
}
