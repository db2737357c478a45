package org.galaxyparams.io;

import org.galaxyparams.sim.GalaxyParams;

/**
 * One galaxy of a parameter catalog.
 *
 * @param params galaxy parameters (validated)
 * @param psfFwhm PSF FWHM in arcsec
 * @param sigma noise sigma in counts, NaN when the catalog has no sigma column or the cell is blank
 * @param seed the row's seed, null when not given
 * @param lineNumber 1-based line of the catalog file, for messages
 */
public record CatalogRow(GalaxyParams params, double psfFwhm, double sigma, Long seed, int lineNumber) {}
