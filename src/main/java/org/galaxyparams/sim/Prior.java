package org.galaxyparams.sim;

import java.util.SplittableRandom;

/** Where the galaxy parameters and observing conditions of a simulated sample come from. */
public interface Prior {
    /** One draw: galaxy parameters, PSF FWHM (arcsec) and noise sigma (counts). */
    record Draw(GalaxyParams params, double psfFwhm, double sigma) {}

    Draw draw(SplittableRandom rng);

    /** A short text for file headers and reports. */
    String describe();
}
