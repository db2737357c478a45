package org.galaxyparams.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.galaxyparams.estimate.NeuralEstimator;
import org.galaxyparams.net.GalaxyNetwork;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.sim.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code calibrate} measures the spread factors for 1, 2, 4 and 8 symmetric views, and an estimator asked for 4 views
 * takes the 4-view factors: on the calibration set, each label's errors then cover 68.3 % at one error.
 */
class ViewCalibrationTest {
    @Test
    void everyViewCountGetsItsOwnFactorsAndAnEstimatorUsesThem(@TempDir Path dir) throws Exception {
        Path shipped = ModelLocator.resolve(ModelLocator.DEFAULT_REGRESSOR);
        ModelCard c = ModelCard.read(shipped);
        Files.copy(shipped.resolveSibling(c.weights()), dir.resolve(c.weights()));
        Path card = dir.resolve(shipped.getFileName());
        c.write(card);
        int count = 200;
        long seed = 5150;
        ErrorCalibration.Result r = ErrorCalibration.calibrate(card, Preset.DATASET3, count, seed, m -> {});
        ModelCard.ErrorCalibration cal = ModelCard.read(card).errorCalibration();
        assertEquals(java.util.Set.of("1", "2", "4", "8"), cal.scaleByViews().keySet());
        assertArrayEquals(cal.scale(), cal.scaleFor(1), 0, "the card's own count (1) is the plain scale");
        assertEquals(1, r.card().views());

        // a fresh load: the session's cache keeps the card it loaded first
        try (GalaxyNetwork n = GalaxyNetwork.load(card, ai.djl.Device.cpu())) {
            NeuralEstimator est = new NeuralEstimator(n, null, false, m -> {}).withViews(4);
            EvaluationSamples s = Evaluation.collect(est, Preset.DATASET3, count, seed, m -> {});
            double[] c1 = s.coverage(1);
            // the factor is the 68.27th percentile of |z|: exactly ceil(0.6827 n) of n stamps lie within it, ties aside
            for (int k = 0; k < 5; k++) assertEquals(ErrorCalibration.ONE_SIGMA, c1[k], 1.5 / count, "label " + k);
            assertTrue(est.provenance().contains("x4 views"), est.provenance());
        }
    }
}
