package org.galaxyparams.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StampCutTest {

    @Test
    void borderSigmaOfPureNoiseIsItsSigma() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] stamp = new double[64 * 64];
        for (int i = 0; i < stamp.length; i++) stamp[i] = 100 + 250 * rng.nextGaussian();
        // 4-pixel border of a 64 stamp: 960 pixels; MAD-based sigma has a standard error of about 4 %
        assertEquals(250, StampCut.borderSigma(stamp, 64, 4), 0.12 * 250);
    }

    @Test
    void centreLandsOnTheModelCentreWithTheSubPixelRemainderAsOffset() {
        float[] image = new float[100 * 80];
        StampCut c = StampCut.around(image, 100, 80, 40.3, 35.0, 32, 0.2);
        assertEquals(24, c.x0());
        assertEquals(19, c.y0());
        // image coordinate 40.3 is stamp coordinate 40.3 - 0.5 - 24 = 15.8; the true centre is 15.5
        assertEquals(0.3, c.geometry().offsetX(), 1e-12);
        assertEquals(0.0, c.geometry().offsetY(), 1e-12);
        assertEquals(15.8, c.geometry().centreX(), 1e-12);
    }

    @Test
    void stampOffTheImageOrWithNanIsRefusedClearly() {
        float[] image = new float[50 * 50];
        var off = assertThrows(IllegalArgumentException.class, () -> StampCut.around(image, 50, 50, 5, 25, 32, 0.2));
        assertTrue(off.getMessage().contains("falls outside"), off.getMessage());
        image[25 * 50 + 25] = Float.NaN;
        var nan = assertThrows(IllegalArgumentException.class, () -> StampCut.around(image, 50, 50, 25, 25, 32, 0.2));
        assertTrue(nan.getMessage().contains("pixel (25, 25) is NaN"), nan.getMessage());
    }
}
