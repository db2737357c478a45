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

    /**
     * With RDN in front, the default regressor is the one trained behind it (its card names RDN and its hash), and
     * the pipeline reaches that card's RMSE on fresh stamps (same tolerance as above).
     */
    @Test
    void theRdnPipelinePairsItsRegressorAndMeetsItsCard() throws IOException {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        NeuralEstimator est = ModelCache.estimator(null, "rdn", "cpu", false, warnings::add);
        String paired = ModelLocator.DEFAULT_PAIR_BASE + "+rdn-dataset3";
        assertTrue(est.provenance().contains(paired + "@"), est.provenance());
        assertTrue(warnings.stream().allMatch(w -> w.startsWith("PyTorch computes")), warnings.toString());
        Map<String, Double> promised = ModelCache.get(paired, "cpu", m -> {}).card().validation();
        LabelStatistics s = Evaluation.run(est, Preset.DATASET3, 500, 31337, null);
        for (int k = 0; k < 5; k++) {
            String label = GalaxyParams.LABELS[k];
            assertTrue(s.rmse(k) <= 1.20 * promised.get(label), label + ": RMSE " + s.rmse(k) + " vs card " + promised.get(label));
        }
    }

    /**
     * The default regressor hands stamps at dataset 1's and dataset 2's conditions to their fine-tuned copies, each row
     * names the network that ran, and each specialist reaches its card's RMSE on fresh stamps (same tolerance as above).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"dataset1", "dataset2"})
    void theDefaultHandsEachDatasetsStampsToItsSpecialist(String preset) throws IOException {
        String specialist = ModelLocator.DEFAULT_SPECIALISTS.get(preset.equals("dataset1") ? 0 : 1);
        ParameterEstimator est = ModelCache.forRun(null, "none", "cpu", EstimateMethod.NETWORK, org.galaxyparams.posterior.PriorBox.NONE, m -> {});
        assertTrue(est.provenance().contains(specialist + "@"), est.provenance());
        Map<String, Double> promised = ModelCache.get(specialist, "cpu", m -> {}).card().validation();
        org.galaxyparams.eval.EvaluationSamples samples = Evaluation.collect(est, Preset.parse(preset), 300, 31337, m -> {});
        LabelStatistics s = samples.statistics();
        assertEquals(300, s.count());
        for (int k = 0; k < 5; k++) {
            String label = GalaxyParams.LABELS[k];
            assertTrue(s.rmse(k) <= 1.20 * promised.get(label), label + ": RMSE " + s.rmse(k) + " vs card " + promised.get(label));
        }
        // dataset 3's stamps (PSF 0.5-1.0, never exactly 0.5) go to the general model
        java.util.List<StampInput> one = java.util.List.of(new StampInput("d3", new float[64 * 64], 64, 0.7, 300),
                new StampInput("d1", new float[64 * 64], 64, 0.5, 200));
        java.util.List<Estimate> rows = est.estimate(one, () -> false, null);
        assertTrue(rows.get(0).model("").startsWith(ModelLocator.DEFAULT_REGRESSOR + "@"), rows.get(0).model(""));
        assertTrue(rows.get(1).model("").startsWith(preset.equals("dataset1") ? specialist + "@" : ModelLocator.DEFAULT_SPECIALISTS.get(0) + "@"),
                rows.get(1).model(""));
    }

    /**
     * Each shipped denoiser, on fresh stamps, brings the image RMSE against the noiseless stamp to within 20 % of
     * its card's value, far below the noise it removes.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"edsr-dataset3", "rdn-dataset3"})
    void shippedDenoiserMeetsItsCardOnFreshStamps(String name) throws IOException {
        org.galaxyparams.net.GalaxyNetwork d = ModelCache.get(name, "cpu", m -> {});
        org.galaxyparams.net.InputEncoding enc = d.card().encoding();
        var config = org.galaxyparams.sim.SimulationConfig.of(Preset.DATASET3, 4711).withOutputs(true, false);
        var factory = new org.galaxyparams.sim.SampleFactory(config);
        int n = 200, plane = 64 * 64;
        float[] in = new float[n * enc.channels() * plane];
        java.util.List<org.galaxyparams.sim.Sample> samples = new java.util.ArrayList<>();
        for (long c = 0; samples.size() < n; c++) {
            var s = factory.make(org.galaxyparams.sim.SampleFactory.candidateSeed(4711, c));
            if (s == null) continue;
            enc.encode(s.noisy(), s.psfFwhm(), s.sigma(), in, samples.size());
            samples.add(s);
        }
        float[] out = d.forward(in, n, m -> {});
        double sq = 0, noisy = 0;
        for (int i = 0; i < n; i++)
            for (int p = 0; p < plane; p++) {
                double e = out[i * plane + p] / enc.imageScale() - samples.get(i).noiseless()[p];
                double f = samples.get(i).noisy()[p] - samples.get(i).noiseless()[p];
                sq += e * e;
                noisy += f * f;
            }
        double rmse = Math.sqrt(sq / (n * plane)), noise = Math.sqrt(noisy / (n * plane));
        assertTrue(rmse <= 1.2 * d.card().validation().get("image_rmse"), name + ": " + rmse + " vs card " + d.card().validation());
        assertTrue(rmse < 0.3 * noise, name + ": " + rmse + " against noise " + noise);
    }
}
