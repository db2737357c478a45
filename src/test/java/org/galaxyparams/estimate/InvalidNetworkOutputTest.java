package org.galaxyparams.estimate;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.galaxyparams.fit.FitResult;
import org.galaxyparams.net.GalaxyNetwork;
import org.galaxyparams.net.TestAccess;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;
import org.junit.jupiter.api.Test;

/**
 * A regressor that answers a negative Sersic index (its output bias for n pushed far down) never produces an
 * estimate row: without refinement the row says why and carries no numbers; with refinement the fit starts
 * from the image moments instead, says so, and reaches the galaxy.
 */
class InvalidNetworkOutputTest {
    private static GalaxyNetwork brokenRegressor() throws IOException {
        GalaxyNetwork n = GalaxyNetwork.load(ModelLocator.resolve(ModelLocator.DEFAULT_REGRESSOR), Device.cpu());
        var all = TestAccess.parameters(n);
        NDArray bias = all.get(all.size() - 1).getValue().getArray(); // Linear bias: one per label
        float[] b = bias.toFloatArray();
        b[1] -= 20; // scaled n = -1 is n = 0.5: -20 more is n far below zero
        bias.set(b);
        return n;
    }

    private static List<Sample> samples(int count) {
        SampleFactory f = new SampleFactory(SimulationConfig.of(Preset.DATASET3, 515).withOutputs(true, false));
        List<Sample> out = new ArrayList<>();
        for (long c = 0; out.size() < count; c++) {
            Sample s = f.make(SampleFactory.candidateSeed(515, c));
            if (s != null) out.add(s);
        }
        return out;
    }

    @Test
    void withoutRefinementTheRowHasNoEstimateAndSaysWhy() throws IOException {
        try (GalaxyNetwork reg = brokenRegressor()) {
            List<Sample> samples = samples(3);
            List<StampInput> in = new ArrayList<>();
            for (Sample s : samples) in.add(new StampInput("s", s.noisy(), 64, s.psfFwhm(), s.sigma()));
            List<Estimate> out = new NeuralEstimator(reg, null, false, m -> {}).estimate(in, () -> false, null);
            for (Estimate e : out) {
                assertFalse(e.ok());
                assertNull(e.best());
                assertTrue(e.message().startsWith("no estimate: network output outside its prior (sersic_n = -"), e.message());
            }
        }
    }

    @Test
    void withRefinementTheFitStartsFromTheImageMomentsAndSaysSo() throws IOException {
        try (GalaxyNetwork reg = brokenRegressor()) {
            List<Sample> samples = samples(2);
            List<StampInput> in = new ArrayList<>();
            for (Sample s : samples) in.add(new StampInput("s", s.noisy(), 64, s.psfFwhm(), s.sigma()));
            List<Estimate> out = new NeuralEstimator(reg, null, true, m -> {}).estimate(in, () -> false, null);
            for (int i = 0; i < out.size(); i++) {
                Estimate e = out.get(i);
                assertTrue(e.ok(), e.message());
                assertTrue(e.params().sersicN() < 0 && e.rejected().startsWith("sersic_n = -"), e.rejected());
                assertTrue(e.message().contains("network output outside its prior") && e.message().contains("refined from the image moments instead"), e.message());
                GalaxyParams truth = samples.get(i).params(), got = e.best();
                got.validate();
                // the flux is the best-measured label: within 5 Cramer-Rao deviations of the truth
                assertEquals(truth.flux(), got.flux(), 5 * e.refined().errors()[0], e.message());
            }
        }
    }

    @Test
    void aRefinementThatStopsOnABoundOrWithoutErrorsSaysSo() {
        GalaxyParams p = new GalaxyParams(1e5, 6.2, 0.3, 0, 0);
        FitResult onBound = new FitResult(p, new double[] {1, Double.NaN, 1, 1, 1}, 1, 10, 12, false,
                "converged (gradient small); stopped on the prior bound of sersic_n", 0.1, null, 0, 0);
        String note = NeuralEstimator.refinementNote(onBound);
        assertTrue(note.contains("did not converge") && note.contains("bound of sersic_n") && note.contains("errors undefined"), note);
        FitResult clean = new FitResult(p, new double[] {1, 1, 1, 1, 1}, 1, 10, 12, true, "converged (gradient small)", 0.1, null, 0, 0);
        assertNull(NeuralEstimator.refinementNote(clean));
    }

    @Test
    void aStampWithAPixelBeyondAnyGalaxyIsRefusedWithTheReason() throws IOException {
        NeuralEstimator est = ModelCache.estimator(null, "rdn", "cpu", true, m -> {});
        Sample s = samples(1).get(0);
        float[] px = s.noisy().clone();
        px[2080] = 1e20f;
        List<Estimate> out = est.estimate(List.of(new StampInput("hot", px, 64, s.psfFwhm(), s.sigma()),
                new StampInput("fine", s.noisy(), 64, s.psfFwhm(), s.sigma())), () -> false, null);
        assertFalse(out.get(0).ok());
        assertTrue(out.get(0).message().contains("1.00e+20 counts") && out.get(0).message().contains("units"), out.get(0).message());
        assertTrue(out.get(1).ok(), out.get(1).message()); // the next stamp is unaffected
    }

    @Test
    void invalidAnswersAreNamed() {
        assertNull(NetworkOutputCheck.invalid(new GalaxyParams(1e5, 2, 0.3, 0.1, -0.2)));
        assertEquals("flux = -12.00 <= 0", NetworkOutputCheck.invalid(new GalaxyParams(-12, 2, 0.3, 0, 0)));
        assertTrue(NetworkOutputCheck.invalid(new GalaxyParams(1e5, 2, 0.3, 0.8, 0.7)).startsWith("|g| = 1.06"));
        assertTrue(NetworkOutputCheck.invalid(new GalaxyParams(1e5, Double.NaN, -1, 0, 0)).contains("sersic_n = NaN"));
        assertTrue(NetworkOutputCheck.invalid(new GalaxyParams(1e5, 2, 0, 0, 0)).contains("hlr"));
    }
}
