package org.galaxyparams.fit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.NoiseModel;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;
import org.junit.jupiter.api.Test;

/** NaN pixels are masked: left out of the likelihood, its gradient, chi^2 and the Cramer-Rao bound. */
class MaskedPixelsTest {
    private static final GalaxyParams GALAXY = new GalaxyParams(2e5, 2.0, 0.35, 0.12, -0.08);
    private static final PsfModel PSF = PsfModel.moffat(2, 0.7);
    private static final double SIGMA = 250;

    private static double[] noisy(long seed) {
        double[] m = new GalaxyRenderer().render(GALAXY, PSF, StampGeometry.DEFAULT);
        float[] n = NoiseModel.addNoise(m, SIGMA, new SplittableRandom(seed));
        double[] d = new double[n.length];
        for (int i = 0; i < d.length; i++) d[i] = n[i];
        return d;
    }

    /** The masked NLL is the full NLL minus the masked pixels' terms, each computed here from the formula. */
    @Test
    void maskedLikelihoodLeavesThePixelsOut() {
        double[] data = noisy(1), masked = data.clone();
        boolean[] mask = new boolean[data.length];
        for (int y = 10; y < 30; y++) for (int x = 40; x < 60; x++) mask[y * 64 + x] = true;
        for (int i = 0; i < data.length; i++) if (mask[i]) masked[i] = Double.NaN;
        GalaxyParams at = new GalaxyParams(1.8e5, 2.5, 0.3, 0.1, -0.05);
        PoissonGaussianLikelihood full = new PoissonGaussianLikelihood(data, SIGMA, PSF, StampGeometry.DEFAULT);
        PoissonGaussianLikelihood part = new PoissonGaussianLikelihood(masked, SIGMA, PSF, StampGeometry.DEFAULT);
        part.fixGridFor(at);
        full.fixGridFor(at);
        double fullValue = full.value(at, null), partValue = part.value(at, null);
        double[] mu = full.model();
        double terms = 0;
        for (int i = 0; i < data.length; i++) {
            if (!mask[i]) continue;
            double v = SIGMA * SIGMA + Math.max(mu[i], 0), r = data[i] - mu[i];
            terms += r * r / (2 * v) + 0.5 * Math.log(v);
        }
        assertEquals(fullValue - terms, partValue, 1e-9 * Math.abs(fullValue));
        double[] g = new double[5];
        part.value(at, g);
        for (double v : g) assertTrue(Double.isFinite(v), "finite gradient");
    }

    /** Fewer pixels, less information: every bound grows, and with nothing masked it is the plain bound. */
    @Test
    void boundFromFewerPixelsIsWider() {
        double[] data = noisy(2);
        double[] none = CramerRaoBound.at(GALAXY, PSF, StampGeometry.DEFAULT, SIGMA).standardDeviations();
        double[] same = CramerRaoBound.at(GALAXY, PSF, StampGeometry.DEFAULT, SIGMA, data).standardDeviations();
        assertArrayEquals(none, same, 0);
        double[] masked = data.clone();
        for (int y = 28; y < 36; y++) for (int x = 32; x < 40; x++) masked[y * 64 + x] = Double.NaN; // a quarter of the core
        double[] wider = CramerRaoBound.at(GALAXY, PSF, StampGeometry.DEFAULT, SIGMA, masked).standardDeviations();
        for (int k = 0; k < 5; k++) assertTrue(wider[k] > none[k], "parameter " + k + ": " + wider[k] + " > " + none[k]);
    }

    /** A neighbour's light on masked pixels does not pull the fit: it lands where the clean stamp's fit does. */
    @Test
    void fitIgnoresAMaskedNeighbour() {
        double[] data = noisy(3);
        double[] neighbour = new GalaxyRenderer().render(new GalaxyParams(1.5e5, 1.0, 0.4, 0, 0), PSF, new StampGeometry(64, 0.23, 24, 0));
        double[] blended = data.clone(), masked = data.clone();
        for (int i = 0; i < data.length; i++) {
            blended[i] += neighbour[i];
            int x = i % 64;
            if (x >= 40) masked[i] = Double.NaN; // 16 pixels around the neighbour: its Moffat wings beyond hold ~2 % of its light
            else masked[i] = blended[i];
        }
        MaximumLikelihoodFitter fitter = new MaximumLikelihoodFitter();
        FitResult clean = fitter.fit(data, SIGMA, PSF, StampGeometry.DEFAULT, GALAXY, () -> false);
        FitResult withMask = fitter.fit(masked, SIGMA, PSF, StampGeometry.DEFAULT, GALAXY, () -> false);
        FitResult without = fitter.fit(blended, SIGMA, PSF, StampGeometry.DEFAULT, GALAXY, () -> false);
        double[] c = clean.estimate().toArray(), m = withMask.estimate().toArray(), b = without.estimate().toArray();
        double[] err = withMask.errors();
        // the masked fit differs from the clean one by the information the masked pixels held: well within its errors
        for (int k = 0; k < 5; k++) assertEquals(c[k], m[k], 1.0 * err[k], "parameter " + k);
        assertTrue(Math.abs(b[0] - c[0]) > 3 * err[0], "unmasked, the neighbour's light goes into the flux: " + b[0] + " vs " + c[0]);
    }
}
