package org.galaxyparams.estimate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;
import org.junit.jupiter.api.Test;

/**
 * A cancel during the maximum-likelihood refinements returns only stamps that were refined, in order: never a
 * network-only answer where a refinement was asked for (a CSV would keep it as finished and a rerun would skip it).
 */
class RefinementCancelTest {
    @Test
    void aCancelledRefinementReturnsOnlyRefinedStampsInOrder() throws Exception {
        NeuralEstimator est = ModelCache.estimator(ModelLocator.DEFAULT_REGRESSOR, "none", "cpu", true, m -> {});
        SampleFactory f = new SampleFactory(SimulationConfig.of(Preset.DATASET3, 77).withOutputs(true, false));
        List<StampInput> stamps = new ArrayList<>();
        for (long c = 0; stamps.size() < 12; c++) {
            Sample s = f.make(SampleFactory.candidateSeed(77, c));
            if (s != null) stamps.add(new StampInput("s" + stamps.size(), s.noisy(), 64, s.psfFwhm(), s.sigma()));
        }
        AtomicInteger checks = new AtomicInteger();
        // the fitter polls the flag as it goes: true after some polls, i.e. in the middle of the chunk's refinements
        List<Estimate> out = est.estimate(stamps, () -> checks.incrementAndGet() > 40, null);
        assertTrue(out.size() < stamps.size(), "the cancel came in time to leave stamps out: " + out.size());
        for (int i = 0; i < out.size(); i++) {
            assertEquals("s" + i, out.get(i).id());
            assertNotNull(out.get(i).refined(), "row " + i + " is not refined");
        }
    }
}
