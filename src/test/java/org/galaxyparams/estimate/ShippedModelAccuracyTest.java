package org.galaxyparams.estimate;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.Map;
import org.galaxyparams.eval.Evaluation;
import org.galaxyparams.eval.LabelStatistics;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.junit.jupiter.api.Test;

/**
 * The shipped regressor, loaded offline from the jar's models, on freshly simulated dataset-3 stamps
 * (a seed used by neither training nor validation) must reach the RMSE its model card promises.
 * Tolerance: the RMSE of N errors scatters by about RMSE / sqrt(2N) for Gaussian errors (3.2 % at N = 500);
 * the errors here are heavier-tailed (n and hlr at the prior edges), so allow 20 %.
 */
class ShippedModelAccuracyTest {
    @Test
    void shippedRegressorMeetsItsCardOnFreshStamps() throws IOException {
        NeuralEstimator est = ModelCache.estimator(ModelLocator.DEFAULT_REGRESSOR, "none", "cpu", false, m -> {});
        Map<String, Double> promised = ModelCache.get(ModelLocator.DEFAULT_REGRESSOR, "cpu", m -> {}).card().validation();
        LabelStatistics s = Evaluation.run(est, Preset.DATASET3, 500, 31337, null);
        assertEquals(500, s.count());
        for (int k = 0; k < 5; k++) {
            String label = GalaxyParams.LABELS[k];
            assertTrue(s.rmse(k) <= 1.20 * promised.get(label), label + ": RMSE " + s.rmse(k) + " vs card " + promised.get(label));
            assertTrue(Math.abs(s.bias(k)) < 0.5 * s.rmse(k) + 1e-12, label + ": bias " + s.bias(k));
        }
    }
}
