package org.galaxyparams.field;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.galaxyparams.sim.NoiseModel;
import org.junit.jupiter.api.Test;

class SourceDetectorTest {
    private static final double SIGMA = 10, KERNEL = 1.5;

    /** Gaussian blobs of the given total counts and width 1.5 pixels on white noise. */
    private static float[] field(int w, int h, long seed, double[][] blobs) {
        float[] img = new float[w * h];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double v = SIGMA * NoiseModel.gaussian(rng);
                for (double[] b : blobs) {
                    double dx = x + 0.5 - b[0], dy = y + 0.5 - b[1];
                    v += b[2] / (2 * Math.PI * 2.25) * Math.exp(-0.5 * (dx * dx + dy * dy) / 2.25);
                }
                img[y * w + x] = (float) v;
            }
        return img;
    }

    private static SourceDetector.Segmentation detect(float[] img, int w, int h) {
        return SourceDetector.detect(img, w, h, BackgroundMap.given(w, h, 0, SIGMA), KERNEL, DetectionSettings.DEFAULTS, () -> false);
    }

    @Test
    void pureNoiseGivesAlmostNoSource() {
        int w = 512, h = 512;
        SourceDetector.Segmentation s = detect(field(w, h, 11, new double[0][]), w, h);
        // 5 sigma on the filtered image: ~3e-7 per independent resolution element, of which there are ~2e4 here
        assertTrue(s.sources().size() <= 1, s.sources().size() + " false detections");
    }

    @Test
    void twoSeparatedBlobsAreTwoBlendedSourcesAndCloseOnesAreOne() {
        int w = 96, h = 64;
        // 6 pixels apart: a clear saddle between them; 1.5 apart: one peak
        SourceDetector.Segmentation apart = detect(field(w, h, 2, new double[][] {{40, 32, 4000}, {46, 32, 3000}}), w, h);
        assertEquals(2, apart.sources().size());
        assertTrue(apart.sources().get(0).blended() && apart.sources().get(1).blended());
        // the brighter one is source 1 and sits at the brighter blob
        assertEquals(40, apart.sources().get(0).peakX(), 1);
        assertEquals(46, apart.sources().get(1).peakX(), 1);
        SourceDetector.Segmentation together = detect(field(w, h, 2, new double[][] {{40, 32, 4000}, {41.5, 32, 3000}}), w, h);
        assertEquals(1, together.sources().size());
        assertFalse(together.sources().get(0).blended());
        SourceDetector.Segmentation far = detect(field(w, h, 2, new double[][] {{20, 32, 4000}, {76, 32, 3000}}), w, h);
        assertEquals(2, far.sources().size());
        assertFalse(far.sources().get(0).blended(), "footprints 56 pixels apart do not touch");
    }

    @Test
    void noDeblendingWithContrastOne() {
        int w = 96, h = 64;
        float[] img = field(w, h, 2, new double[][] {{40, 32, 4000}, {46, 32, 3000}});
        DetectionSettings off = new DetectionSettings(2, 5, 5, 3, 1, 64);
        SourceDetector.Segmentation s = SourceDetector.detect(img, w, h, BackgroundMap.given(w, h, 0, SIGMA), KERNEL, off, () -> false);
        assertEquals(1, s.sources().size());
    }

    /** The visit order is total, so a transposed image gives the transposed answer. */
    @Test
    void transposedImageGivesTransposedSources() {
        int w = 128, h = 128;
        double[][] blobs = {{30, 40, 3000}, {36, 42, 2500}, {90, 20, 800}, {100, 100, 5000}};
        float[] img = field(w, h, 4, blobs);
        float[] t = new float[img.length];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) t[x * h + y] = img[y * w + x];
        SourceDetector.Segmentation a = detect(img, w, h), b = detect(t, h, w);
        assertEquals(a.sources().size(), b.sources().size());
        for (int i = 0; i < a.sources().size(); i++) {
            DetectedSource s = a.sources().get(i), u = b.sources().get(i);
            assertEquals(s.peakX(), u.peakY());
            assertEquals(s.peakY(), u.peakX());
            assertEquals(s.area(), u.area());
        }
    }

    @Test
    void nanPixelsNeverJoinAFootprint() {
        int w = 64, h = 64;
        float[] img = field(w, h, 6, new double[][] {{32, 32, 5000}});
        img[32 * w + 33] = Float.NaN;
        SourceDetector.Segmentation s = detect(img, w, h);
        assertEquals(1, s.sources().size());
        assertEquals(0, s.labels()[32 * w + 33]);
    }

    @Test
    void settingsAreCheckedWithTheirNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DetectionSettings(3, 2, 5, 3, 0.01, 64));
        assertTrue(e.getMessage().startsWith("detection 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DetectionSettings(2, 5, 5, 3, 0.01, 8));
        assertTrue(e.getMessage().contains("background_box"), e.getMessage());
    }
}
