package org.galaxyparams.sim;

import java.util.Locale;
import java.util.SplittableRandom;

/** One fixed galaxy and observing conditions; only the noise differs between samples. */
public record FixedGalaxyPrior(GalaxyParams params, double psfFwhm, double sigma) implements Prior {
    public FixedGalaxyPrior {
        params.validate();
        if (!(psfFwhm > 0)) throw new IllegalArgumentException("PSF FWHM must be > 0");
        if (!(sigma >= 0)) throw new IllegalArgumentException("sigma must be >= 0");
    }

    @Override
    public Draw draw(SplittableRandom rng) { return new Draw(params, psfFwhm, sigma); }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "fixed flux=%g n=%g hlr=%g g1=%g g2=%g psf_fwhm=%g sigma=%g",
                params.flux(), params.sersicN(), params.hlrArcsec(), params.g1(), params.g2(), psfFwhm, sigma);
    }
}
