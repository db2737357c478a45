package org.galaxyparams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.galaxyparams.net.DjlRuntime;
import org.junit.jupiter.api.Test;

/**
 * The recomputed statistics are the plain average over the batches of each batch's channel mean and unbiased
 * variance, computed here in Java from the same numbers (the oracle shares nothing with PyTorch's kernels), and
 * whatever the running statistics held before.
 */
class PreciseBatchNormTest {
    private static final int BATCHES = 7, N = 5, C = 3, H = 4, W = 6;

    /** Batch k: channel c is offset by c + k and scaled by 1 + c, so batches and channels differ in mean and spread. */
    private static float[] batch(int k) {
        Random r = new Random(100 + k);
        float[] x = new float[N * C * H * W];
        for (int n = 0; n < N; n++)
            for (int c = 0; c < C; c++)
                for (int p = 0; p < H * W; p++) x[((n * C) + c) * H * W + p] = (float) (c + k + (1 + c) * r.nextGaussian());
        return x;
    }

    @Test
    void runningStatisticsBecomeTheAverageOfTheBatchesStatistics() {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), DjlRuntime.ENGINE)) {
            BatchNorm bn = BatchNorm.builder().build();
            SequentialBlock block = new SequentialBlock().add(bn);
            block.initialize(m, DataType.FLOAT32, new Shape(N, C, H, W));
            // stale statistics, as a training run leaves them
            NDArray mean = running(bn, Parameter.Type.RUNNING_MEAN), var = running(bn, Parameter.Type.RUNNING_VAR);
            mean.set(new float[] {5, -5, 7});
            var.set(new float[] {9, 0.1f, 3});
            int[] k = {0};
            assertEquals(1, PreciseBatchNorm.recompute(block, m, BATCHES, sm -> sm.create(batch(k[0]++), new Shape(N, C, H, W))));
            double[] wantMean = new double[C], wantVar = new double[C];
            for (int b = 0; b < BATCHES; b++) {
                float[] x = batch(b);
                for (int c = 0; c < C; c++) {
                    double sum = 0, sq = 0;
                    int count = N * H * W;
                    for (int n = 0; n < N; n++)
                        for (int p = 0; p < H * W; p++) sum += x[((n * C) + c) * H * W + p];
                    double mu = sum / count;
                    for (int n = 0; n < N; n++)
                        for (int p = 0; p < H * W; p++) sq += Math.pow(x[((n * C) + c) * H * W + p] - mu, 2);
                    wantMean[c] += mu / BATCHES;
                    wantVar[c] += sq / (count - 1) / BATCHES; // Bessel's correction, as PyTorch's running variance
                }
            }
            float[] gotMean = mean.toFloatArray(), gotVar = var.toFloatArray();
            for (int c = 0; c < C; c++) {
                // float sums over 120 values, amplified by 1 / 0.1 once: relative 1e-5 is ample and far below any slip
                assertEquals(wantMean[c], gotMean[c], 1e-5 * (1 + Math.abs(wantMean[c])), "mean of channel " + c);
                assertEquals(wantVar[c], gotVar[c], 1e-5 * wantVar[c], "variance of channel " + c);
            }
        }
    }

    /** Both BatchNorms of a deeper block are found, and the convolutions' weights stay as they were. */
    @Test
    void noWeightChangesAndEveryBatchNormIsRecomputed() {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), DjlRuntime.ENGINE)) {
            SequentialBlock block = new SequentialBlock().add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                    .setFilters(4).build()).add(BatchNorm.builder().build()).add(Conv2d.builder().setKernelShape(new Shape(1, 1))
                    .setFilters(2).build()).add(BatchNorm.builder().build());
            block.initialize(m, DataType.FLOAT32, new Shape(N, C, H, W));
            float[] conv = block.getChildren().get(0).getValue().getParameters().get("weight").getArray().toFloatArray();
            int[] k = {0};
            assertEquals(2, PreciseBatchNorm.recompute(block, m, 3, sm -> sm.create(batch(k[0]++), new Shape(N, C, H, W))));
            float[] after = block.getChildren().get(0).getValue().getParameters().get("weight").getArray().toFloatArray();
            for (int i = 0; i < conv.length; i++) assertEquals(conv[i], after[i], 0f);
            assertThrows(IllegalArgumentException.class, () -> PreciseBatchNorm.recompute(block, m, 0, sm -> null));
        }
    }

    /**
     * On a trained regressor: a copy with other statistics, whose card names the source and the batches; a name in
     * use is refused (nothing is overwritten).
     */
    @Test
    void writesACopyOfARegressorAndRefusesWhatItCannotDo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.io.PrintStream quiet = new java.io.PrintStream(new java.io.ByteArrayOutputStream());
        TrainingOptions o = TrainingOptions.builder("tiny", org.galaxyparams.net.Architecture.of(new org.galaxyparams.net.XceptionConfig(3, 4, 3, 1, 1, 8, 3, 8, 5)),
                org.galaxyparams.net.InputEncoding.STUDY, org.galaxyparams.sim.SimulationConfig.of(org.galaxyparams.sim.Preset.DATASET3, 5), "dataset3")
                .validationSeed(6).validationSize(32).batch(8).learningRate(1e-3f).totalSteps(6).validateEvery(6).patience(5).threads(1)
                .outDir(dir).command("test").build();
        new NetworkTrainer(o, quiet).run(() -> false);
        PreciseBatchNorm.Options p = new PreciseBatchNorm.Options(dir.resolve("tiny.json"), 77, "tiny-precise", dir, 4, 8, 6, 32, 1, "test", null);
        org.galaxyparams.net.ModelCard card = PreciseBatchNorm.run(p, quiet, () -> false);
        assertEquals("tiny-precise", card.name());
        org.junit.jupiter.api.Assertions.assertTrue(card.training().startedFrom().startsWith("tiny@"), card.training().startedFrom());
        org.junit.jupiter.api.Assertions.assertTrue(card.training().schedule().contains("average over 4 training-mode batches of 8 (seed 77)"));
        org.junit.jupiter.api.Assertions.assertTrue(card.validation().containsKey("loss"));
        org.junit.jupiter.api.Assertions.assertNotEquals(org.galaxyparams.net.ModelCard.read(dir.resolve("tiny.json")).sha256(), card.sha256(),
                "the statistics changed");
        java.io.IOException taken = assertThrows(java.io.IOException.class, () -> PreciseBatchNorm.run(p, quiet, () -> false));
        org.junit.jupiter.api.Assertions.assertTrue(taken.getMessage().contains("already exists"), taken.getMessage());

        // the mean of two copies of the same weights is those weights: the same model, bit for bit, and a card that says so
        java.nio.file.Path w = dir.resolve("tiny.params");
        org.galaxyparams.net.ModelCard twice = PreciseBatchNorm.run(new PreciseBatchNorm.Options(dir.resolve("tiny.json"), 77, "tiny-mean", dir,
                4, 8, 6, 32, 1, "test", java.util.List.of(w, w)), quiet, () -> false);
        assertEquals(card.sha256(), twice.sha256(), "averaging copies of one set of weights changes nothing");
        org.junit.jupiter.api.Assertions.assertTrue(twice.training().schedule().contains("the mean of 2 snapshots' (tiny.params@"),
                twice.training().schedule());
    }

    private static NDArray running(BatchNorm bn, Parameter.Type type) {
        for (var p : bn.getParameters()) if (p.getValue().getType() == type) return p.getValue().getArray();
        throw new AssertionError("no " + type);
    }
}
