package org.galaxyparams.sim;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The study's prior (SPEC section 2) with configurable ranges: flux, n and hlr uniform; shear with a uniform
 * amplitude A in [0, shearMax] and angle beta in [0, pi): g1 = A cos 2 beta, g2 = A sin 2 beta; PSF FWHM uniform;
 * sigma uniform (integers, both ends included, when integerSigma).
 *
 * @param nValues 0 for a continuous n, else the number of equally spaced values from nMin to nMax
 */
public record UniformPrior(double fluxMin, double fluxMax, double nMin, double nMax, int nValues,
                           double hlrMinArcsec, double hlrMaxArcsec, double shearMax,
                           double psfFwhmMin, double psfFwhmMax, double sigmaMin, double sigmaMax,
                           boolean integerSigma) implements Prior {

    public UniformPrior {
        check(fluxMin >= 0 && fluxMax >= fluxMin, "flux range must satisfy 0 <= min <= max");
        check(nMin >= SersicProfile.MIN_N && nMax <= SersicProfile.MAX_N && nMax >= nMin,
                "n range must lie in " + SersicProfile.MIN_N + "-" + SersicProfile.MAX_N);
        check(nValues >= 0 && nValues != 1, "nValues must be 0 (continuous) or at least 2");
        check(hlrMinArcsec > 0 && hlrMaxArcsec >= hlrMinArcsec, "hlr range must satisfy 0 < min <= max");
        check(shearMax >= 0 && shearMax < 1, "shear amplitude must be in [0, 1)");
        check(psfFwhmMin > 0 && psfFwhmMax >= psfFwhmMin, "PSF FWHM range must satisfy 0 < min <= max");
        check(sigmaMin >= 0 && sigmaMax >= sigmaMin, "sigma range must satisfy 0 <= min <= max");
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("Bad prior: " + message);
    }

    @Override
    public Draw draw(SplittableRandom rng) {
        double flux = uniform(rng, fluxMin, fluxMax);
        double n = nValues == 0 ? uniform(rng, nMin, nMax)
                : nMin + (nMax - nMin) * rng.nextInt(nValues) / (nValues - 1);
        double hlr = uniform(rng, hlrMinArcsec, hlrMaxArcsec);
        double amplitude = uniform(rng, 0, shearMax);
        double beta = uniform(rng, 0, Math.PI);
        double psf = uniform(rng, psfFwhmMin, psfFwhmMax);
        double sigma = integerSigma ? Math.round(sigmaMin) + rng.nextInt((int) (Math.round(sigmaMax) - Math.round(sigmaMin)) + 1)
                : uniform(rng, sigmaMin, sigmaMax);
        return new Draw(new GalaxyParams(flux, n, hlr, amplitude * Math.cos(2 * beta), amplitude * Math.sin(2 * beta)),
                psf, sigma);
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return hi == lo ? lo : lo + (hi - lo) * rng.nextDouble();
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT,
                "flux U(%g,%g) n %s(%g,%g) hlr U(%g,%g) |g| U(0,%g) psf_fwhm U(%g,%g) sigma %s(%g,%g)",
                fluxMin, fluxMax, nValues == 0 ? "U" : nValues + "x", nMin, nMax, hlrMinArcsec, hlrMaxArcsec,
                shearMax, psfFwhmMin, psfFwhmMax, integerSigma ? "int U" : "U", sigmaMin, sigmaMax);
    }
}
