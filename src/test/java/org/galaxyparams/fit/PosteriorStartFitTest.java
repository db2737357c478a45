package org.galaxyparams.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.NoiseModel;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;
import org.junit.jupiter.api.Test;

/**
 * The fit that only starts a posterior ({@link MaximumLikelihoodFitter#posteriorStart}) is looser and runs on a period
 * of at most 128 pixels: it must land close to the exact maximum-likelihood fit (the posterior's proposal is 1.5 errors
 * wide, so a tenth of an error off costs nothing), and its model image must still be GalSim's drawing.
 */
class PosteriorStartFitTest {
    /** Extended and high-n: GalSim's period is 256 pixels, so the start's fit runs on half of it. */
    private static final GalaxyParams TRUTH = new GalaxyParams(2e5, 5.5, 0.5, 0.1, -0.1);
    private static final PsfModel PSF = PsfModel.moffat(2, 0.7);

    @Test
    void closeToTheExactFitAndItsModelIsGalSims() {
        GalaxyRenderer renderer = new GalaxyRenderer();
        double[] noiseless = renderer.render(TRUTH, PSF, StampGeometry.DEFAULT);
        assertTrue(renderer.gridFor(TRUTH, PSF, StampGeometry.DEFAULT).fftSize() > MaximumLikelihoodFitter.START_PERIOD);
        float[] noisy = NoiseModel.addNoise(noiseless, 300, new SplittableRandom(3));
        double[] data = new double[noisy.length];
        for (int i = 0; i < data.length; i++) data[i] = noisy[i];
        GalaxyParams start = new GalaxyParams(1.8e5, 4.5, 0.45, 0.05, -0.05);

        FitResult exact = new MaximumLikelihoodFitter().fit(data, 300, PSF, StampGeometry.DEFAULT, start, () -> false);
        FitResult quick = MaximumLikelihoodFitter.posteriorStart().fit(data, 300, PSF, StampGeometry.DEFAULT, start, () -> false);
        double[] e = exact.estimate().toArray(), q = quick.estimate().toArray();
        for (int k = 0; k < 5; k++)
            assertEquals(e[k], q[k], 0.1 * exact.errors()[k], GalaxyParams.LABELS[k] + ": " + e[k] + " exact, " + q[k] + " quick");
        assertTrue(quick.evaluations() < exact.evaluations(), quick.evaluations() + " evaluations against " + exact.evaluations());

        // the model image and the Fisher matrix that come with each result
        double[] model = renderer.render(quick.estimate(), PSF, StampGeometry.DEFAULT);
        assertArrayEquals(model, quick.model(), 1e-9 * 2e5, "the quick fit's model is drawn on GalSim's period");
        assertNotNull(exact.fisher());
        double[][] f = CramerRaoBound.at(exact.estimate(), PSF, StampGeometry.DEFAULT, 300, data).fisher();
        for (int r = 0; r < 5; r++) assertArrayEquals(f[r], exact.fisher()[r], 1e-12 * Math.abs(f[r][r]), "Fisher row " + r);
    }
}
