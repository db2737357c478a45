package org.galaxyparams.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;

import org.galaxyparams.sim.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single stamps: StampFits files and plain FITS images (written by nom-tam-fits) read as one-image datasets. */
class PlainImageAndStampTest {
    @TempDir
    Path dir;

    private Path writePlain(String name, Object data, String... keyValues) throws Exception {
        Path f = dir.resolve(name);
        try (Fits fits = new Fits()) {
            BasicHDU<?> hdu = Fits.makeHDU(data);
            for (int i = 0; i < keyValues.length; i += 2) {
                String v = keyValues[i + 1];
                if (v.matches("-?[0-9.]+")) hdu.addValue(keyValues[i], Double.parseDouble(v), "");
                else hdu.addValue(keyValues[i], v, "");
            }
            fits.addHDU(hdu);
            fits.write(f.toFile());
        }
        return f;
    }

    /** Without PIXSCALE, a plain image's WCS gives the pixel scale (CDELT in degrees: 0.0000638889 = 0.23 arcsec). */
    @Test
    void theWcsGivesThePixelScaleWhenPixscaleIsAbsent() throws Exception {
        Path f = writePlain("wcs.fits", new float[64][64], "CDELT1", "-0.0000638889", "CDELT2", "0.0000638889", "CUNIT1", "deg",
                "CUNIT2", "deg");
        try (DatasetReader r = DatasetReader.open(f, Double.NaN)) {
            assertEquals(0.23, r.info().geometry().pixelScale(), 1e-6);
        }
    }

    @Test
    void stampFitsRoundTripsAsAOneImageDatasetWithTruth() throws IOException {
        Sample s = TestSamples.samples(1, true, true, true, false, false).get(0);
        Path f = dir.resolve("stamp.fits");
        StampFits.write(f, s.noisy(), TestSamples.info(), s);
        try (DatasetReader r = DatasetReader.open(f)) {
            assertEquals(1, r.count());
            assertTrue(r.hasTruth());
            assertFalse(r.hasNoiseless());
            assertEquals(TestSamples.GEOMETRY, r.info().geometry());
            assertEquals(2.0, r.info().psfBeta());
            Sample want = new Sample(s.params(), s.psfFwhm(), s.sigma(), s.snr(), s.seed(), s.noisy(), null, null);
            DatasetRoundTripTest.assertSampleEquals(want, r.sample(0), false);
        }
    }

    @Test
    void stampFitsRejectsAWrongSizeImage() {
        Sample s = TestSamples.samples(1, true, true, false, false, false).get(0);
        assertThrows(IllegalArgumentException.class, () -> StampFits.write(dir.resolve("x.fits"), new float[5], TestSamples.info(), s));
    }

    @Test
    void unsigned16BitImageWithScalingAndAliasKeywords() throws Exception {
        short[][] data = new short[12][12];
        for (int y = 0; y < 12; y++) for (int x = 0; x < 12; x++) data[y][x] = (short) (x + 100 * y - 32768);
        Path f = writePlain("u16.fits", data, "BZERO", "32768", "PIXSCALE", "0.2", "PSFFWHM", "0.7", "SIGMA", "12.5");
        try (DatasetReader r = DatasetReader.open(f)) {
            assertEquals(1, r.count());
            assertEquals(12, r.size());
            assertEquals(0.2, r.info().geometry().pixelScale());
            assertEquals(0.7, r.psfFwhm(0));
            assertEquals(12.5, r.sigma(0));
            assertNull(r.truth(0));
            assertNull(r.psf(0));
            assertTrue(Double.isNaN(r.snr(0)));
            float[] img = r.noisy(0);
            assertEquals(3 + 100 * 7, img[7 * 12 + 3]);
        }
    }

    @Test
    void doubleAndIntImagesNeedAPixelScale() throws Exception {
        double[][] d = new double[10][10];
        d[2][3] = 1.25;
        Path f = writePlain("double.fits", d);
        IOException e = assertThrows(IOException.class, () -> DatasetReader.open(f));
        assertTrue(e.getMessage().contains("PIXSCALE") && e.getMessage().contains("double.fits"), e.getMessage());
        try (DatasetReader r = DatasetReader.open(f, 0.3)) {
            assertEquals(0.3, r.info().geometry().pixelScale());
            assertEquals(1.25f, r.noisy(0)[2 * 10 + 3]);
        }
        int[][] ints = new int[9][9];
        ints[8][0] = -7;
        try (DatasetReader r = DatasetReader.open(writePlain("int.fits", ints, "PIXSCALE", "0.1", "PSF_FWHM", "0.6"), Double.NaN)) {
            assertEquals(-7f, r.noisy(0)[8 * 9]);
            assertEquals(0.6, r.psfFwhm(0));
        }
    }

    @Test
    void nonSquareOrTinyImagesAreRefusedClearly() throws Exception {
        Path wide = writePlain("wide.fits", new float[10][20], "PIXSCALE", "0.2");
        IOException e = assertThrows(IOException.class, () -> DatasetReader.open(wide));
        assertTrue(e.getMessage().contains("20x10") && e.getMessage().contains("square"), e.getMessage());
        Path tiny = writePlain("tiny.fits", new float[4][4], "PIXSCALE", "0.2");
        e = assertThrows(IOException.class, () -> DatasetReader.open(tiny));
        assertTrue(e.getMessage().contains("8-1024"), e.getMessage());
    }

    @Test
    void plainCubeWithoutLabelsGivesEveryImageTheHeaderValues() throws Exception {
        float[][][] cube = new float[3][16][16];
        SplittableRandom rng = new SplittableRandom(1);
        for (float[][] plane : cube) for (float[] row : plane) for (int x = 0; x < 16; x++) row[x] = (float) rng.nextGaussian();
        Path f = writePlain("cube.fits", cube, "PIXSCALE", "0.2", "SIGMA", "3");
        try (DatasetReader r = DatasetReader.open(f)) {
            assertEquals(3, r.count());
            assertEquals(3.0, r.sigma(2));
            assertEquals(cube[2][5][6], r.noisy(2)[5 * 16 + 6]);
        }
    }
}
