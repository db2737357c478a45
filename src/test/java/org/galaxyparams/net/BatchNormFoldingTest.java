package org.galaxyparams.net;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.galaxyparams.estimate.ModelLocator;
import org.junit.jupiter.api.Test;

/**
 * The folded inference copy computes what the trained network with its BatchNorms does: on the shipped regressors'
 * trained statistics, against DJL running the unfolded block and against the plain-Java oracle (which reads the
 * unfolded weights and shares no code with the folding).
 */
class BatchNormFoldingTest {
    /** The unfolded block's outputs for the n items of {@code in}, run by PyTorch. */
    private static float[] unfolded(GalaxyNetwork n, float[] in, int count) {
        int s = n.card().encoding().stampSize();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.create(java.nio.FloatBuffer.wrap(in), new Shape(count, n.card().encoding().channels(), s, s));
            return n.block().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
        }
    }

    @Test
    void theFoldedRegressorAnswersAsTheTrainedOneToFloatRounding() throws IOException {
        for (String name : List.of(ModelLocator.DEFAULT_REGRESSOR, ModelLocator.DEFAULT_SPECIALISTS.get(0), "xception-dataset3")) {
            try (GalaxyNetwork n = GalaxyNetwork.load(ModelLocator.resolve(name), Device.cpu())) {
                int count = 9, per = n.outputSize();
                float[] in = ForwardCheck.probeInputs(n.card().encoding(), count);
                float[] folded = n.pytorchForward(in, 0, count);
                float[] plain = unfolded(n, in, count);
                PlainForward oracle = n.plainForward();
                for (int i = 0; i < count; i++) {
                    float[] ref = oracle.forward(in, i, n.card().encoding().stampSize());
                    for (int k = 0; k < per; k++) {
                        // outputs are scaled labels of order one (log-spreads of order a few): 1e-4 is float rounding
                        // through 15 layers; a wrongly folded channel moves them by its whole contribution
                        assertEquals(ref[k], folded[i * per + k], 1e-4 * Math.max(1, Math.abs(ref[k])), name + " item " + i + " output " + k);
                        assertEquals(plain[i * per + k], folded[i * per + k], 1e-4 * Math.max(1, Math.abs(ref[k])), name);
                    }
                }
            }
        }
    }

    /**
     * A regressor with the unshuffle entry (whose first block reads 4x the entry's maps), with random weights and norm
     * statistics: the folded copy answers as the unfolded block in inference mode (same tolerance as above).
     */
    @Test
    void theUnshuffleEntryFoldsToo() {
        DjlRuntime.engine();
        XceptionConfig c = new XceptionConfig(4, 16, 5, 1, 2, 64, 3, 128, 5, true);
        int size = 64, count = 3;
        try (ai.djl.Model m = ai.djl.Model.newInstance("t", Device.cpu(), DjlRuntime.ENGINE)) {
            ai.djl.nn.Block b = Architecture.of(c).build();
            m.setBlock(b);
            b.initialize(m.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(count, 4, size, size));
            PlainForwardTest.randomise(b, 99);
            float[] in = PlainForwardTest.randomInput(count * 4 * size * size, 5);
            NDArray x = m.getNDManager().create(in, new Shape(count, 4, size, size));
            float[] plain = b.forward(new ParameterStore(m.getNDManager(), false), new NDList(x), false).singletonOrThrow().toFloatArray();
            ai.djl.nn.Block f = BatchNormFolding.folded(c, b, m.getNDManager(), 4, size);
            float[] folded = f.forward(new ParameterStore(m.getNDManager(), false), new NDList(x), false).singletonOrThrow().toFloatArray();
            assertEquals(plain.length, folded.length);
            for (int k = 0; k < plain.length; k++)
                assertEquals(plain[k], folded[k], 1e-4 * Math.max(1, Math.abs(plain[k])), "output " + k);
        }
    }

    @Test
    void foldingReplacesEachConvolutionAndItsNormByAKernelAndABias() throws IOException {
        try (GalaxyNetwork n = GalaxyNetwork.load(ModelLocator.resolve(ModelLocator.DEFAULT_REGRESSOR), Device.cpu())) {
            var trained = n.block().getParameters();
            int norms = 0;
            for (var p : trained) if (p.getValue().getType() == ai.djl.nn.Parameter.Type.GAMMA) norms++;
            List<float[]> folded = BatchNormFolding.foldedValues(trained);
            // each norm's 4 tensors become one bias
            assertEquals(trained.size() - 3 * norms, folded.size());
            assertTrue(norms >= 10, "the shipped Xception has a norm after each of its convolutions: " + norms);
            // the depthwise kernels, which no norm follows directly, are copied as they are
            List<float[]> depthwise = new ArrayList<>();
            for (var p : trained) {
                long[] shape = p.getValue().getArray().getShape().getShape();
                if (shape.length == 4 && shape[1] == 1 && shape[2] == 3) depthwise.add(p.getValue().getArray().toFloatArray());
            }
            int found = 0;
            for (float[] d : depthwise) for (float[] f : folded) if (java.util.Arrays.equals(d, f)) { found++; break; }
            assertEquals(depthwise.size(), found);
        }
    }
}
