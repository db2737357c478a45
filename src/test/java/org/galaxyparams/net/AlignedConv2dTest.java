package org.galaxyparams.net;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The convolution every network uses, against direct summation in Java loops (the oracle shares no code with
 * PyTorch): outputs, input gradients and weight gradients, for the channel counts that oneDNN 3.5.3 got wrong on an
 * AMD Zen 5 CPU (input or output channels with a tail that does not fill a 16- or 8-float block) and for aligned ones.
 * On that CPU the plain {@code Conv2d} fails these cases by O(1) or NaN; elsewhere both pass. Tolerance 1e-4 of the
 * largest value: float32 sums of at most 40 * 9 terms of order one (measured differences about 2e-6).
 */
class AlignedConv2dTest {
    @ParameterizedTest(name = "batch {0}, {1} -> {2} channels, {3} px")
    @CsvSource({"1, 24, 24, 32", "1, 40, 4, 32", "8, 4, 4, 16", "8, 12, 24, 16", "8, 24, 4, 16", "8, 28, 32, 16", "8, 32, 24, 16"})
    void outputsAndGradientsAreTheConvolutionsOwn(int batch, int in, int out, int size) {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            Block conv = Networks.conv(out, 3, 1, true);
            conv.initialize(m, DataType.FLOAT32, new Shape(batch, in, size, size));
            SplittableRandom r = new SplittableRandom(batch * 1000L + in * 10L + out);
            float[] w = fill(conv.getParameters().get(0).getValue(), r, 1 / Math.sqrt(in * 9.0));
            float[] b = fill(conv.getParameters().get(1).getValue(), r, 0.3);
            float[] x = gaussian(batch * in * size * size, r);
            float[] g = gaussian(batch * out * size * size, r);
            NDArray input = m.create(x, new Shape(batch, in, size, size));
            input.setRequiresGradient(true);
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out3 = conv.forward(new ParameterStore(m, false), new NDList(input), true).singletonOrThrow();
                y = out3.toFloatArray();
                gc.backward(out3.mul(m.create(g, out3.getShape())).sum());
            }
            Direct d = new Direct(batch, in, out, size, x, w, b, g);
            assertClose("output", d.y, y);
            assertClose("input gradient", d.dx, input.getGradient().toFloatArray());
            assertClose("weight gradient", d.dw, conv.getParameters().get(0).getValue().getArray().getGradient().toFloatArray());
            assertEquals(new Shape(out, in, 3, 3), conv.getParameters().get(0).getValue().getArray().getShape(),
                    "the stored weight keeps its trained shape");
        }
    }

    /**
     * The regressors' entry convolution (k 5 or 3, stride 2) with the few input planes of a regressor behind a denoiser:
     * its input gradient is what carries the label error into a denoiser trained end to end ({@code train --joint}).
     */
    @ParameterizedTest(name = "batch {0}, {1} -> {2} channels, {3} px, kernel {4}, stride 2")
    @CsvSource({"4, 5, 16, 64, 5", "4, 5, 4, 64, 3", "4, 4, 16, 32, 5", "4, 5, 24, 32, 5"})
    void theEntryConvolutionsInputGradientIsItsOwn(int batch, int in, int out, int size, int k) {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            Block conv = Networks.conv(out, k, 2, true);
            conv.initialize(m, DataType.FLOAT32, new Shape(batch, in, size, size));
            SplittableRandom r = new SplittableRandom(batch * 1000L + in * 10L + out + k);
            float[] w = fill(conv.getParameters().get(0).getValue(), r, 1 / Math.sqrt(in * k * k));
            float[] b = fill(conv.getParameters().get(1).getValue(), r, 0.3);
            float[] x = gaussian(batch * in * size * size, r);
            int os = Direct.outSize(size, k, 2);
            float[] g = gaussian(batch * out * os * os, r);
            NDArray input = m.create(x, new Shape(batch, in, size, size));
            input.setRequiresGradient(true);
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray o3 = conv.forward(new ParameterStore(m, false), new NDList(input), true).singletonOrThrow();
                assertEquals(new Shape(batch, out, os, os), o3.getShape());
                y = o3.toFloatArray();
                gc.backward(o3.mul(m.create(g, o3.getShape())).sum());
            }
            Direct d = new Direct(batch, in, out, size, k, 2, x, w, b, g);
            assertClose("output", d.y, y);
            assertClose("input gradient", d.dx, input.getGradient().toFloatArray());
            assertClose("weight gradient", d.dw, conv.getParameters().get(0).getValue().getArray().getGradient().toFloatArray());
        }
    }

    @Test
    void inferenceGivesTheSameOutputsAsTraining() {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            Block conv = Networks.conv(24, 3, 1, true);
            conv.initialize(m, DataType.FLOAT32, new Shape(2, 24, 32, 32));
            SplittableRandom r = new SplittableRandom(5);
            float[] w = fill(conv.getParameters().get(0).getValue(), r, 0.07);
            float[] b = fill(conv.getParameters().get(1).getValue(), r, 0.3);
            float[] x = gaussian(2 * 24 * 32 * 32, r);
            float[] y = conv.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(2, 24, 32, 32))), false)
                    .singletonOrThrow().toFloatArray();
            assertClose("inference output", new Direct(2, 24, 24, 32, x, w, b, new float[2 * 24 * 32 * 32]).y, y);
        }
    }

    @Test
    void channelCountsAreRoundedUpToWholeBlocksAboveEight() {
        assertEquals(3, AlignedConv2d.paddedInputChannels(3));
        assertEquals(8, AlignedConv2d.paddedInputChannels(8));
        assertEquals(16, AlignedConv2d.paddedInputChannels(12));
        assertEquals(32, AlignedConv2d.paddedInputChannels(24));
        assertEquals(64, AlignedConv2d.paddedInputChannels(64));
        assertEquals(80, AlignedConv2d.paddedInputChannels(72));
        assertEquals(16, AlignedConv2d.padded(4));
    }

    /** Direct summation of a k x k convolution (padding k / 2, stride st) and of its two gradients, in double. */
    private static final class Direct {
        final float[] y, dx, dw;

        Direct(int batch, int in, int out, int size, float[] x, float[] w, float[] b, float[] g) {
            this(batch, in, out, size, 3, 1, x, w, b, g);
        }

        Direct(int batch, int in, int out, int size, int k, int st, float[] x, float[] w, float[] b, float[] g) {
            int p = k / 2, os = outSize(size, k, st);
            double[] ys = new double[batch * out * os * os], dxs = new double[x.length], dws = new double[w.length];
            for (int n = 0; n < batch; n++)
                for (int o = 0; o < out; o++)
                    for (int i = 0; i < os; i++)
                        for (int j = 0; j < os; j++) {
                            int yi = ((n * out + o) * os + i) * os + j;
                            double s = b[o], go = g[yi];
                            for (int c = 0; c < in; c++)
                                for (int di = 0; di < k; di++)
                                    for (int dj = 0; dj < k; dj++) {
                                        int ii = i * st + di - p, jj = j * st + dj - p;
                                        if (ii < 0 || jj < 0 || ii >= size || jj >= size) continue;
                                        int xi = ((n * in + c) * size + ii) * size + jj, wi = ((o * in + c) * k + di) * k + dj;
                                        s += x[xi] * (double) w[wi];
                                        dxs[xi] += go * w[wi];
                                        dws[wi] += go * x[xi];
                                    }
                            ys[yi] = s;
                        }
            y = toFloat(ys);
            dx = toFloat(dxs);
            dw = toFloat(dws);
        }

        static int outSize(int size, int k, int st) { return (size + 2 * (k / 2) - k) / st + 1; }

        private static float[] toFloat(double[] v) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
            return f;
        }
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + " size");
        double scale = 0, worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double d = Math.abs(expected[i] - actual[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst <= 1e-4 * scale, what + ": differs by " + worst + " at " + at + " (largest value " + scale + ")");
    }

    private static float[] fill(Parameter p, SplittableRandom r, double sd) {
        NDArray a = p.getArray();
        float[] v = gaussian((int) a.size(), r);
        for (int i = 0; i < v.length; i++) v[i] *= (float) sd;
        a.set(v);
        return v;
    }

    private static float[] gaussian(int n, SplittableRandom r) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }
}
