package org.galaxyparams.estimate;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.galaxyparams.net.GalaxyNetwork;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.PlainForward;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every shipped network gives the same outputs through the bundle's forward pass, to float rounding, at 1 and 2
 * PyTorch threads, in one batch of 256, in batches of 17 and one stamp at a time, run after run; and those outputs
 * are the plain-Java oracle's.
 * Inputs are fresh dataset-3 stamps. Tolerance 2e-5 of the item's largest output: different kernels sum in
 * different orders (measured about 1e-6); a wrong kernel is off by order one.
 */
class ShippedNetworkDeterminismTest {
    private static final int N = 256;
    private static final double TOLERANCE = 2e-5;

    @ParameterizedTest
    @ValueSource(strings = {
            "xception64u6-asinh-errors-grown-swa-dataset3",
            "xception64u6-asinh-grown-swa-dataset3+edsr-dataset3",
            "xception64u6-asinh-grown-swa-dataset3+rdn-dataset3",
            "xception64u-asinh-errors-cycle3-precise-dataset3",
            "xception64u-asinh-cycle3-precise-dataset3+edsr-dataset3",
            "xception64u-asinh-cycle3-precise-dataset3+rdn-dataset3",
            "xception64u6-asinh-errors-grown-swa-dataset1",
            "xception64u6-asinh-errors-grown-swa-dataset2",
            "xception64u-asinh-errors-cycle4-swa-dataset1",
            "xception64u-asinh-errors-cycle4-swa-dataset2",
            "xception64u-asinh-errors-cycle3-swa-dataset1",
            "xception64u-asinh-errors-cycle3-swa-dataset2",
            "xception64u-asinh-errors-cycle2-precise-dataset1",
            "xception64u-asinh-errors-cycle2-precise-dataset2",
            "xception64u-asinh-errors-restart-dataset3",
            "xception64u-asinh-restart-dataset3+edsr-dataset3",
            "xception64u-asinh-restart-dataset3+rdn-dataset3",
            "xception64-asinh-errors-restart-dataset3",
            "xception64-asinh-errors-cycle2-dataset1",
            "xception64-asinh-errors-cycle2-dataset2",
            "xception64-asinh-errors-restart-dataset1",
            "xception64-asinh-errors-restart-dataset2",
            "xception64-asinh-errors-dataset3",
            "xception64-asinh-dataset3",
            "xception-asinh-dataset3",
            "xception-dataset3",
            "edsr-dataset3",
            "rdn-dataset3",
            "xception64-asinh-restart-dataset3+edsr-dataset3",
            "xception64-asinh-dataset3+rdn-dataset3",
            "xception-asinh-dataset3+rdn-dataset3",
            "xception-asinh-dataset3+edsr-dataset3"})
    void sameOutputsAtAnyThreadCountAndBatchSplit(String name) throws IOException {
        int threadsBefore;
        try (GalaxyNetwork n = GalaxyNetwork.load(ModelLocator.resolve(name), Device.cpu())) {
            threadsBefore = JniUtils.getNumThreads();
            float[] in = stamps(n.card().encoding());
            int per = n.outputSize();
            try {
                JniUtils.setNumThreads(2);
                // the bundle's own (checked) forward pass: on a CPU where PyTorch goes wrong it answers in plain Java
                float[] reference = forward(n, in, 0, N, 256);
                PlainForward plain = n.plainForward();
                for (int i : new int[] {0, 77, N - 1}) assertClose(plain.forward(in, i, 64), 0, reference, i * per, per, name + " plain-Java, item " + i);
                for (int threads : new int[] {1, 2, 1}) {
                    JniUtils.setNumThreads(threads);
                    String where = name + ", " + threads + " thread(s), ";
                    float[] whole = forward(n, in, 0, N, 256);
                    for (int i = 0; i < N; i++) assertClose(whole, i * per, reference, i * per, per, where + "batch 256, item " + i);
                    float[] split = forward(n, in, 0, N, 17);
                    for (int i = 0; i < N; i++) assertClose(split, i * per, reference, i * per, per, where + "batches of 17, item " + i);
                    float[] single = forward(n, in, 0, 24, 1);
                    for (int i = 0; i < 24; i++) assertClose(single, i * per, reference, i * per, per, where + "batch 1, item " + i);
                }
                if (!n.usesPyTorch()) System.err.println(name + ": PyTorch computes it wrongly on this CPU; checked in plain Java");
            } finally {
                JniUtils.setNumThreads(threadsBefore);
            }
        }
    }

    /** Items {@code from..from+count-1} through the checked forward pass in batches of {@code batch}. */
    private static float[] forward(GalaxyNetwork n, float[] in, int from, int count, int batch) {
        int per = in.length / N;
        float[] part = java.util.Arrays.copyOfRange(in, from * per, (from + count) * per);
        n.setMaxBatch(batch);
        return n.forward(part, count, m -> {});
    }

    static float[] stamps(InputEncoding enc) {
        SampleFactory factory = new SampleFactory(SimulationConfig.of(Preset.DATASET3, 8128).withOutputs(true, false));
        float[] in = new float[N * enc.channels() * 64 * 64];
        List<Sample> samples = new ArrayList<>();
        for (long c = 0; samples.size() < N; c++) {
            Sample s = factory.make(SampleFactory.candidateSeed(8128, c));
            if (s == null) continue;
            // a regressor with a denoised plane gets the noiseless stamp there: any plausible image will do here
            enc.encode(s.noisy(), enc.denoisedPlane() ? s.noiseless() : null, s.psfFwhm(), s.sigma(), in, samples.size());
            samples.add(s);
        }
        return in;
    }

    static void assertClose(float[] a, int aFrom, float[] b, int bFrom, int count, String where) {
        double scale = 0, worst = 0;
        for (int k = 0; k < count; k++) {
            scale = Math.max(scale, Math.abs(b[bFrom + k]));
            double d = Math.abs(a[aFrom + k] - b[bFrom + k]);
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        assertTrue(worst <= TOLERANCE * scale, where + ": difference " + worst + " at output scale " + scale);
    }
}
