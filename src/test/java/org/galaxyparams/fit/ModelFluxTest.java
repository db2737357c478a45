package org.galaxyparams.fit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.NoiseModel;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;
import org.junit.jupiter.api.Test;

/** The best-fitting flux at a given shape: exact without noise, unbiased and at its bound with it, blind to masked pixels. */
class ModelFluxTest {
    private static final GalaxyParams GALAXY = new GalaxyParams(2e5, 2.0, 0.35, 0.12, -0.08);
    private static final PsfModel PSF = PsfModel.moffat(2, 0.7);
    private static final double SIGMA = 250;
    private static final double[] MODEL = new GalaxyRenderer().render(GALAXY, PSF, StampGeometry.DEFAULT);

    /**
     * Without noise the data are the GalSim-exact drawing, whatever the starting flux: the least squares with their
     * faster drawing ({@link ModelFlux#DRAWING}) give the flux back to 5e-4, also at the priors' extremes (n 6 at 0.6",
     * n 0.5 at 0.1", strong shear; PSF 0.5" and 1.0").
     */
    @Test
    void noiselessStampGivesTheFluxBackFromAnyStart() {
        for (double start : new double[] {GALAXY.flux(), 3e4, 0})
            assertEquals(GALAXY.flux(), ModelFlux.fit(MODEL, SIGMA, PSF, StampGeometry.DEFAULT, withFlux(start)), 5e-4 * GALAXY.flux(),
                    "start " + start);
        GalaxyParams[] extremes = {new GalaxyParams(4e5, 6.0, 0.6, 0.0, 0.0), new GalaxyParams(3e4, 0.5, 0.1, 0.3, -0.2),
                new GalaxyParams(2e5, 4.0, 0.6, 0.47, 0.47)};
        for (GalaxyParams g : extremes)
            for (double fwhm : new double[] {0.5, 1.0}) {
                PsfModel psf = PsfModel.moffat(2, fwhm);
                double[] exact = new GalaxyRenderer().render(g, psf, StampGeometry.DEFAULT);
                assertEquals(g.flux(), ModelFlux.fit(exact, SIGMA, psf, StampGeometry.DEFAULT, g), 5e-4 * g.flux(), g + " PSF " + fwhm);
            }
    }

    /**
     * Over 400 noise draws the flux is unbiased (within 3.5 standard errors) and its scatter is the Fisher bound of a
     * linear amplitude, 1 / sqrt(sum m^2 / (sigma^2 + F m)) for the unit model m, computed here from the formula, within
     * the 10 % that 400 draws allow (the standard deviation's own sampling error is 3.5 %).
     */
    @Test
    void noisyStampsGiveAnUnbiasedFluxAtItsBound() {
        double[] unit = new GalaxyRenderer().render(withFlux(1), PSF, StampGeometry.DEFAULT);
        double info = 0;
        for (double m : unit) info += m * m / (SIGMA * SIGMA + GALAXY.flux() * Math.max(m, 0));
        double bound = 1 / Math.sqrt(info);
        SplittableRandom rng = new SplittableRandom(11);
        int n = 400;
        double sum = 0, sum2 = 0;
        for (int i = 0; i < n; i++) {
            float[] noisy = NoiseModel.addNoise(MODEL, SIGMA, rng);
            double[] d = new double[noisy.length];
            for (int k = 0; k < d.length; k++) d[k] = noisy[k];
            double f = ModelFlux.fit(d, SIGMA, PSF, StampGeometry.DEFAULT, GALAXY);
            sum += f;
            sum2 += f * f;
        }
        double mean = sum / n, std = Math.sqrt(sum2 / n - mean * mean);
        assertEquals(GALAXY.flux(), mean, 3.5 * bound / Math.sqrt(n), "bias");
        assertEquals(1, std / bound, 0.10, "scatter " + std + " against the bound " + bound);
    }

    /** NaN pixels are left out: without noise, a stamp with a masked block (part of the core too) still gives the flux back. */
    @Test
    void maskedPixelsAreLeftOut() {
        double[] masked = MODEL.clone();
        for (int y = 20; y < 44; y++) for (int x = 30; x < 50; x++) masked[y * 64 + x] = Double.NaN; // part of the core too
        assertEquals(GALAXY.flux(), ModelFlux.fit(masked, SIGMA, PSF, StampGeometry.DEFAULT, GALAXY), 5e-4 * GALAXY.flux());
        double[] all = new double[MODEL.length];
        java.util.Arrays.fill(all, Double.NaN);
        assertTrue(Double.isNaN(ModelFlux.fit(all, SIGMA, PSF, StampGeometry.DEFAULT, GALAXY)), "no pixel, no flux");
    }

    /** A blank or negative stamp has no positive flux for any galaxy: NaN, never a negative or zero flux. */
    @Test
    void noPositiveFluxIsNaN() {
        double[] negative = MODEL.clone();
        for (int k = 0; k < negative.length; k++) negative[k] = -negative[k];
        assertTrue(Double.isNaN(ModelFlux.fit(negative, SIGMA, PSF, StampGeometry.DEFAULT, GALAXY)));
        assertTrue(Double.isNaN(ModelFlux.fit(new double[MODEL.length], SIGMA, PSF, StampGeometry.DEFAULT, GALAXY)));
    }

    private static GalaxyParams withFlux(double f) {
        return new GalaxyParams(f, GALAXY.sersicN(), GALAXY.hlrArcsec(), GALAXY.g1(), GALAXY.g2());
    }
}
