package org.galaxyparams.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.galaxyparams.net.DjlRuntime;
import org.junit.jupiter.api.Test;

/** The loss against values and gradients worked out by hand. */
class MeanAndSpreadLossTest {
    private static final float[] Y = {0.2f, -0.1f, 0.5f, 0f, 0.3f, -0.4f, 0.1f, 0.2f, -0.2f, 0.6f};

    @Test
    void valueIsHalfTheSquaredErrorPlusTheGaussianLikelihood() {
        // batch of 2, 5 labels; means, then log-spreads
        float[] out = {0.1f, 0.1f, 0.5f, -0.2f, 0.3f, 0.5f, -0.7f, 0.3f, 0.6f, 0f, // item 0
                       -0.4f, 0.0f, 0.1f, 0.2f, -0.5f, -1f, -2f, -3f, 0.5f, 1f};   // item 1
        double mse = 0, nll = 0;
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < 5; k++) {
                double d = Y[i * 5 + k] - out[i * 10 + k], s = out[i * 10 + 5 + k];
                mse += 0.5 * d * d / 10;
                nll += (0.5 * d * d * Math.exp(-2 * s) + s) / 10;
            }
        try (NDManager m = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            NDArray l = new MeanAndSpreadLoss().evaluate(new NDList(m.create(Y, new Shape(2, 5))), new NDList(m.create(out, new Shape(2, 10))));
            assertEquals(mse + nll, l.getFloat(), 1e-5);
        }
    }

    /**
     * The means get exactly the plain L2 loss's gradient (the spread term does not push them), and the spreads'
     * gradient vanishes where e^s equals the error: the head learns each stamp's expected error.
     */
    @Test
    void meansLearnAsWithoutTheSpreadAndSpreadsLearnTheError() {
        float[] out = new float[20];
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < 5; k++) {
                out[i * 10 + k] = Y[i * 5 + k] + 0.05f * (k + 1) * (i == 0 ? 1 : -1); // error 0.05 (k + 1)
                out[i * 10 + 5 + k] = (float) Math.log(0.05 * (k + 1)) + (k == 4 ? 0.5f : 0f); // right spread but the last
            }
        try (NDManager m = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            NDArray x = m.create(out, new Shape(2, 10));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine(DjlRuntime.ENGINE).newGradientCollector()) {
                NDArray l = new MeanAndSpreadLoss().evaluate(new NDList(m.create(Y, new Shape(2, 5))), new NDList(x));
                gc.backward(l);
            }
            float[] g = x.getGradient().toFloatArray();
            for (int i = 0; i < 2; i++)
                for (int k = 0; k < 5; k++) {
                    // d/dmu of mean(½ (y - mu)²) over 10 values
                    assertEquals((out[i * 10 + k] - Y[i * 5 + k]) / 10, g[i * 10 + k], 1e-6, "mean " + i + "," + k);
                    // d/ds of (½ d² e^-2s + s) / 10 = (1 - d² e^-2s) / 10: zero at e^s = |d|
                    double d = Y[i * 5 + k] - out[i * 10 + k], s = out[i * 10 + 5 + k];
                    assertEquals((1 - d * d * Math.exp(-2 * s)) / 10, g[i * 10 + 5 + k], 1e-6, "spread " + i + "," + k);
                    if (k < 4) assertEquals(0, g[i * 10 + 5 + k], 1e-5);
                    else assertTrue(g[i * 10 + 5 + k] > 0.05, "a spread too wide is pushed down");
                }
        }
    }
}
