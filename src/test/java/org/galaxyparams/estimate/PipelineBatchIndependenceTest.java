package org.galaxyparams.estimate;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;
import org.junit.jupiter.api.Test;

/**
 * The EDSR pipeline encodes the denoiser's input and the regressor's input on all cores, each stamp into its own
 * slice of the batch. A stamp's estimate must then not depend on the stamps around it: estimated in one batch of
 * six, each equals the estimate of the same stamp alone. A stamp written into another's slice, or read from it,
 * gives another galaxy's answer, far outside the tolerance. Tolerance: 1e-4 of each label's prior range (SPEC §2), the
 * batch-size freedom the determinism tests allow PyTorch (its kernels may differ with the batch size).
 */
class PipelineBatchIndependenceTest {
    private static final double[] RANGE = {3.7e5, 5.5, 0.5, 1.34, 1.34};

    @Test
    void eachStampsEstimateIsTheSameInABatchAsAlone() throws IOException {
        NeuralEstimator est = ModelCache.estimator(null, "edsr", "cpu", false, m -> {});
        SampleFactory f = new SampleFactory(SimulationConfig.of(Preset.DATASET3, 4242).withOutputs(true, false));
        List<StampInput> in = new ArrayList<>();
        for (long c = 0; in.size() < 6; c++) {
            Sample s = f.make(SampleFactory.candidateSeed(4242, c));
            if (s != null) in.add(new StampInput("s" + in.size(), s.noisy(), 64, s.psfFwhm(), s.sigma()));
        }
        List<Estimate> together = est.estimate(in, () -> false, null);
        assertEquals(in.size(), together.size());
        for (int i = 0; i < in.size(); i++) {
            Estimate alone = est.estimate(List.of(in.get(i)), () -> false, null).get(0);
            assertTrue(alone.ok() && together.get(i).ok(), alone.message());
            double[] a = alone.best().toArray(), b = together.get(i).best().toArray();
            for (int k = 0; k < 5; k++)
                assertEquals(a[k], b[k], 1e-4 * RANGE[k], "stamp " + i + ", label " + k);
            float[] da = alone.denoised(), db = together.get(i).denoised();
            assertNotNull(da);
            ShippedNetworkDeterminismTest.assertClose(db, 0, da, 0, da.length, "stamp " + i + ", denoised image");
        }
    }
}
