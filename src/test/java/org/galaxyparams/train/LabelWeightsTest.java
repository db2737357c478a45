package org.galaxyparams.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.net.LabelScaling;
import org.junit.jupiter.api.Test;

/** Label weights: parsing, the weighted loss against a hand sum, and the weighted validation loss. */
class LabelWeightsTest {
    private static final float[] Y = {0.2f, -0.1f, 0.5f, 0f, 0.3f, -0.4f, 0.1f, 0.2f, -0.2f, 0.6f};
    private static final float[] P = {0.1f, 0.1f, 0.5f, -0.2f, 0.3f, -0.5f, 0.4f, 0.1f, 0.0f, 0.1f};

    @Test
    void parsesNamesOrFiveNumbersAndRefusesNonsenseWithTheReason() {
        assertEquals(LabelWeights.of(40, 1, 2.5, 1, 1), LabelWeights.parse("flux=40, hlr=2.5"));
        assertEquals(LabelWeights.of(40, 3, 1, 1, 1), LabelWeights.parse("flux=40,n=3"));
        assertEquals(LabelWeights.of(46, 1, 2.7, 5.2, 5.2), LabelWeights.parse("46,1,2.7,5.2,5.2"));
        assertTrue(LabelWeights.parse(" ").isEqual());
        assertEquals("flux=46,sersic_n=1,hlr=2.7,g1=5.2,g2=5.2", LabelWeights.parse("46,1,2.7,5.2,5.2").option());
        assertEquals(LabelWeights.parse("46,1,2.7,5.2,5.2"), LabelWeights.parse(LabelWeights.parse("46,1,2.7,5.2,5.2").option()), "option() parses back");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelWeights.parse("size=3")).getMessage().contains("the labels are flux"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelWeights.parse("flux=0")).getMessage().contains("above 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelWeights.parse("1,2")).getMessage().contains("five numbers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelWeights.parse("flux=x")).getMessage().contains("not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelWeights.parse("flux=NaN")).getMessage().contains("finite"));
    }

    @Test
    void weightedLossIsTheHandSumAndEqualWeightsAreDjlsL2() {
        LabelWeights w = LabelWeights.of(40, 1, 2.5, 4, 0.5);
        double hand = 0, plain = 0;
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < 5; k++) {
                double d = Y[i * 5 + k] - P[i * 5 + k];
                hand += 0.5 * w.get(k) * d * d / 10;
                plain += 0.5 * d * d / 10;
            }
        try (NDManager m = NDManager.newBaseManager(DjlRuntime.ENGINE)) {
            NDList y = new NDList(m.create(Y, new Shape(2, 5))), p = new NDList(m.create(P, new Shape(2, 5)));
            assertEquals(hand, new WeightedL2Loss(w).evaluate(y, p).getFloat(), 1e-6 * hand);
            assertEquals(plain, new WeightedL2Loss(LabelWeights.EQUAL).evaluate(y, p).getFloat(), 1e-7);
            assertEquals(Loss.l2Loss().evaluate(y, p).getFloat(), new WeightedL2Loss(LabelWeights.EQUAL).evaluate(y, p).getFloat(), 1e-8);
            // the means' term of the spread loss is weighted alike: with spreads s = 0 the likelihood adds ½ d² per item
            float[] out = new float[20];
            for (int i = 0; i < 2; i++) System.arraycopy(P, i * 5, out, i * 10, 5);
            NDArray both = new MeanAndSpreadLoss(1f, w).evaluate(y, new NDList(m.create(out, new Shape(2, 10))));
            assertEquals(hand + plain, both.getFloat(), 1e-6 * (hand + plain));
        }
    }

    @Test
    void validationLossWeighsEachLabelsRelativeError() {
        LabelScaling labels = LabelScaling.STUDY_PRIOR;
        double[] truth = {1e5, 3, 0.3, 0.1, -0.1};
        double[] est = {1.1e5, 3.5, 0.32, 0.05, -0.1};
        float[] out = new float[5];
        float[] scaled = labels.scale(org.galaxyparams.sim.GalaxyParams.of(est));
        System.arraycopy(scaled, 0, out, 0, 5);
        LabelWeights w = LabelWeights.of(40, 1, 2.5, 4, 0.5);
        RegressorMetrics plain = new RegressorMetrics(labels), weighted = new RegressorMetrics(labels, w);
        plain.add(out, 0, 5, truth);
        weighted.add(out, 0, 5, truth);
        double expected = 0, expectedPlain = 0;
        for (int k = 0; k < 5; k++) {
            double r = (labels.unscale(out, 0)[k] - truth[k]) / (labels.max()[k] - labels.min()[k]);
            expected += w.get(k) * r * r;
            expectedPlain += r * r;
        }
        assertEquals(expected, weighted.metrics().get("loss"), 1e-12);
        assertEquals(expectedPlain, plain.metrics().get("loss"), 1e-12);
        assertEquals(plain.metrics().get("flux"), weighted.metrics().get("flux"), "the RMSEs are not weighted");
    }
}
