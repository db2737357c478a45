package org.galaxyparams.stamp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;
import org.junit.jupiter.api.Test;

public class StampPreparationTest {
    public static final int W = 300, H = 300;
    public static final double SIGMA = 300;
    public static final GalaxyParams GALAXY = new GalaxyParams(1.5e5, 1.5, 0.4, 0.1, -0.05);

    /**
     * Gaussian noise of {@code SIGMA} plus a galaxy whose centre is at (gx, gy) in ImageJ coordinates (pixel i spans
     * [i, i + 1)): a 64-pixel model stamp with the sub-pixel offset, pasted with its corner at integer pixels.
     */
    public static float[] image(double gx, double gy, double pedestal, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] img = new float[W * H];
        for (int i = 0; i < img.length; i++) img[i] = (float) (pedestal + SIGMA * r.nextGaussian());
        if (Double.isNaN(gx)) return img;
        int x0 = (int) Math.round(gx - 32), y0 = (int) Math.round(gy - 32);
        double[] m = new GalaxyRenderer().render(GALAXY, PsfModel.moffat(2, 0.7), new StampGeometry(64, 0.23, gx - x0 - 32, gy - y0 - 32));
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img[(y0 + y) * W + x0 + x] += (float) m[y * 64 + x];
        return img;
    }

    @Test
    void theStampIsCutAroundTheGalaxyWhereverTheRoiIsCentred() {
        double gx = 150.3, gy = 141.8;
        float[] img = image(gx, gy, 0, 1);
        StampPreparation prep = new StampPreparation(64, SkyMode.AUTO);
        PreparedStamp centred = prep.cut(img, W, H, gx, gy, 20, 0.7 / 0.23, SIGMA, "centred");
        // windowed moments: unbiased (1e-4 pixel without noise), 0.094 pixel rms with this noise (20 seeds)
        assertEquals(gx, centred.centreX(), 0.35);
        assertEquals(gy, centred.centreY(), 0.35);
        assertTrue(Math.abs(centred.offsetX()) <= 0.5 && Math.abs(centred.offsetY()) <= 0.5);
        for (double[] d : new double[][] {{1, 0}, {0, -2}, {3, 0}, {-2, 2}, {2.5, -1.5}, {0, 3}}) {
            PreparedStamp off = prep.cut(img, W, H, gx + d[0], gy + d[1], 20, 0.7 / 0.23, SIGMA, "off");
            assertEquals(centred.x0(), off.x0(), "ROI off by " + d[0] + ", " + d[1]);
            assertEquals(centred.y0(), off.y0());
            assertEquals(centred.centreX(), off.centreX(), 1e-3, "the moments converge to one point");
            assertEquals(centred.centreY(), off.centreY(), 1e-3);
            assertArrayEquals(centred.pixels(), off.pixels());
        }
    }

    /** An image smaller than the stamp (a coarser survey's cutout, to be resampled): the galaxy is found in it. */
    @Test
    void theGalaxyIsFoundInAnImageSmallerThanTheStamp() {
        float[] big = image(150.3, 141.8, 50, 3);
        int w = 48, h = 40, x0 = 126, y0 = 122;
        float[] small = new float[w * h];
        for (int y = 0; y < h; y++) System.arraycopy(big, (y0 + y) * W + x0, small, y * w, w);
        double[] c = new StampPreparation(64, SkyMode.AUTO).locate(small, w, h, 22, 22, 12, 0.7 / 0.23, Double.NaN, "small");
        assertEquals(150.3 - x0, c[0], 0.35);
        assertEquals(141.8 - y0, c[1], 0.35);
    }

    @Test
    void aPedestalIsMeasuredAndSubtractedAndNoiseAloneIsLeftAlone() {
        float[] img = image(150, 150, 0, 2);
        float[] raised = image(150, 150, 1000, 2);
        PreparedStamp flat = new StampPreparation(64, SkyMode.AUTO).cut(img, W, H, 150, 150, 20, 3, Double.NaN, "flat");
        PreparedStamp sky = new StampPreparation(64, SkyMode.AUTO).cut(raised, W, H, 150, 150, 20, 3, Double.NaN, "sky");
        assertEquals(0, flat.skySubtracted(), 4 * 3.1, "around a galaxy the sky is always subtracted");
        assertEquals(1000, sky.skySubtracted() - flat.skySubtracted(), 0.01, "so that a constant added changes nothing");
        float[] stamp = new float[64 * 64];
        for (int y = 0; y < 64; y++) System.arraycopy(img, (118 + y) * W + 118, stamp, y * 64, 64);
        assertEquals(0, new StampPreparation(64, SkyMode.AUTO).stamp(stamp, 3, SIGMA, "stamp").skySubtracted(),
                "a ready-cut stamp's sky within its noise is left alone (the networks saw none)");
        // the annulus between radii 32 and 64 holds about 9,650 pixels: standard error 300 / sqrt(9,650) = 3.05 counts
        assertEquals(1000, sky.skySubtracted(), 4 * 3.1);
        assertEquals(SIGMA / Math.sqrt(9650), sky.sky().standardError(), 0.3);
        assertEquals(flat.x0(), sky.x0());
        assertEquals(0, new StampPreparation(64, SkyMode.NONE).cut(raised, W, H, 150, 150, 20, 3, Double.NaN, "none").skySubtracted());
    }

    /**
     * The auto rule on ready-cut stamps drawn without sky, as the networks were trained: 2,000 dataset-3 stamps, none
     * touched. (At 3 standard errors 0.45 % of such stamps got 27-34 counts subtracted, about 9 here.)
     */
    @Test
    void sampledStampsWithoutSkyAreLeftAlone() {
        org.galaxyparams.sim.SimulationConfig config = org.galaxyparams.sim.SimulationConfig.of(org.galaxyparams.sim.Preset.DATASET3, 77);
        org.galaxyparams.sim.SampleFactory factory = new org.galaxyparams.sim.SampleFactory(config);
        StampPreparation prep = new StampPreparation(64, SkyMode.AUTO);
        int seen = 0, touched = 0;
        for (long c = 0; seen < 2000; c++) {
            org.galaxyparams.sim.Sample s = factory.make(org.galaxyparams.sim.SampleFactory.candidateSeed(77, c));
            if (s == null) continue;
            seen++;
            if (prep.stamp(s.noisy(), s.psfFwhm() / 0.23, s.sigma(), "sample " + c).skySubtracted() != 0) touched++;
        }
        assertEquals(0, touched, "stamps of " + seen + " with their frame's noise subtracted as sky");
    }

    /** A pedestal of 0.3 sigma on a ready-cut stamp (9 standard errors of its 960-pixel frame) is found and subtracted. */
    @Test
    void aReadyCutStampsPedestalIsSubtracted() {
        float[] img = image(150, 150, 90, 2);
        float[] stamp = new float[64 * 64];
        for (int y = 0; y < 64; y++) System.arraycopy(img, (118 + y) * W + 118, stamp, y * 64, 64);
        PreparedStamp p = new StampPreparation(64, SkyMode.AUTO).stamp(stamp, 3, SIGMA, "pedestal");
        assertEquals(90, p.skySubtracted(), 4 * SIGMA / Math.sqrt(960));
    }

    @Test
    void emptySkyIsNoSourceAndAGalaxyIs() {
        StampPreparation prep = new StampPreparation(64, SkyMode.AUTO);
        for (long seed = 10; seed < 20; seed++) {
            PreparedStamp empty = prep.cut(image(Double.NaN, 0, 0, seed), W, H, 150, 150, 20, 3, Double.NaN, "empty");
            assertFalse(empty.peak().detected(), "seed " + seed + ": " + empty.peak());
        }
        PreparedStamp galaxy = prep.cut(image(150, 150, 0, 3), W, H, 150, 150, 20, 3, Double.NaN, "galaxy");
        assertTrue(galaxy.peak().significance() > 20, galaxy.peak().toString());
    }

    @Test
    void anImageTheSizeOfTheStampIsTakenWholeAndMistakesAreNamed() {
        float[] img = image(150, 150, 0, 4);
        float[] stamp = new float[64 * 64];
        for (int y = 0; y < 64; y++) System.arraycopy(img, (118 + y) * W + 118, stamp, y * 64, 64);
        PreparedStamp whole = new StampPreparation(64, SkyMode.AUTO).cut(stamp, 64, 64, 10, 12, 5, 3, SIGMA, "small ROI");
        assertEquals(0, whole.x0());
        assertEquals(32, whole.centreX());
        IllegalArgumentException edge = assertThrows(IllegalArgumentException.class,
                () -> new StampPreparation(64, SkyMode.AUTO).cut(image(20, 150, 0, 5), W, H, 20, 150, 10, 3, SIGMA, "roi 3"));
        assertTrue(edge.getMessage().startsWith("roi 3: the 64x64 stamp the model takes") && edge.getMessage().contains("Canvas Size"),
                edge.getMessage());
        img[150 * W + 150] = Float.NaN;
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new StampPreparation(64, SkyMode.AUTO).cut(img, W, H, 150, 150, 10, 3, SIGMA, "roi 1"));
        assertTrue(nan.getMessage().contains("pixel (150, 150) is NaN"), nan.getMessage());
    }

    @Test
    void clippedSkyIgnoresAStarInTheFrame() {
        SplittableRandom r = new SplittableRandom(9);
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) v[i] = 50 + 10 * r.nextGaussian();
        for (int i = 0; i < 20; i++) v[i] += 5000; // a bright star's pixels
        SkyLevel s = SkyLevel.clipped(v);
        assertEquals(50, s.counts(), 4 * 10 / Math.sqrt(980));
        assertTrue(s.pixels() < 990 && s.pixels() > 960, "the star's 20 pixels are clipped: " + s.pixels());
    }

    @Test
    void frameSigmaOfPureNoiseIsItsSigma() {
        SplittableRandom rng = new SplittableRandom(5);
        float[] stamp = new float[64 * 64];
        for (int i = 0; i < stamp.length; i++) stamp[i] = (float) (100 + 250 * rng.nextGaussian());
        // 4-pixel frame of a 64 stamp: 960 pixels; a MAD-based sigma has a standard error of about 4 %
        assertEquals(250, SkyLevel.frameSigma(stamp, 64, 4), 0.12 * 250);
    }
}
