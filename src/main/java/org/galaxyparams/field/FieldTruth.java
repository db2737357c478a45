package org.galaxyparams.field;

import org.galaxyparams.sim.GalaxyParams;

/**
 * One source of a simulated field, as drawn.
 *
 * @param id 1-based, in drawing order (galaxies first)
 * @param star whether it is a star (then {@code params} holds its flux and NaN shape)
 * @param x centre, image coordinates (pixel i spans [i, i + 1))
 * @param y centre
 * @param params flux (counts), n, hlr (arcsec), g1, g2
 * @param snr sqrt(sum of its noiseless pixels squared) / sigma, alone on its stamp (SPEC section 1)
 * @param nearest distance in pixels to the nearest other source; infinite when none is within 64
 * @param blendFraction light of the other sources within 2 hlr + PSF FWHM of this centre, over this source's own there
 */
public record FieldTruth(int id, boolean star, double x, double y, GalaxyParams params, double snr, double nearest, double blendFraction) {
    public String kind() { return star ? "star" : "galaxy"; }
}
