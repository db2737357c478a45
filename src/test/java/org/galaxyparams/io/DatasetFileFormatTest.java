package org.galaxyparams.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.plugin.FITS_Reader;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;

import org.galaxyparams.sim.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file layout of SPEC section 3, checked with independent readers (nom-tam-fits, ImageJ). */
class DatasetFileFormatTest {
    private static final int N = 6;
    private static final int S = TestSamples.SIZE;

    @TempDir
    Path dir;

    @Test
    void layoutAsSeenByNomTamFits() throws Exception {
        List<Sample> samples = TestSamples.samples(N, true, true, true, true, false);
        String longCommand = "galaxy-params simulate " + "--flag ".repeat(30) + "--out data.fits";
        DatasetInfo info = new DatasetInfo(TestSamples.GEOMETRY, "MOFFAT", 2.0, "dataset3", "uniform prior", 99, longCommand, "9.9");
        File f = dir.resolve("data.fits").toFile();
        DatasetWriter.write(f.toPath(), info, samples);

        try (Fits fits = new Fits(f)) {
            BasicHDU<?>[] hdus = fits.read();
            assertEquals(4, hdus.length);

            Header p = hdus[0].getHeader();
            assertTrue(p.getBooleanValue("SIMPLE"));
            assertEquals(-32, p.getIntValue("BITPIX"));
            assertEquals(3, p.getIntValue("NAXIS"));
            assertEquals(S, p.getIntValue("NAXIS1"));
            assertEquals(S, p.getIntValue("NAXIS2"));
            assertEquals(N, p.getIntValue("NAXIS3"));
            assertEquals(N, p.getIntValue("NSAMPLE"));
            assertEquals(0.23, p.getDoubleValue("PIXSCALE"));
            assertEquals(2.0, p.getDoubleValue("PSFBETA"));
            assertEquals("MOFFAT", p.getStringValue("PSFTYPE"));
            assertEquals("dataset3", p.getStringValue("PRESET"));
            assertEquals("uniform prior", p.getStringValue("PRIOR"));
            assertEquals(99, p.getLongValue("SEED"));
            assertEquals("9.9", p.getStringValue("GPVERS"));
            assertEquals(longCommand, p.getStringValue("GPCMD"));
            assertEquals(0.25, p.getDoubleValue("OFFSETX"));
            assertEquals(-0.5, p.getDoubleValue("OFFSETY"));

            // pixel (x, y) of image k is data[k][y][x] in nom-tam-fits (NAXIS1 fastest)
            float[][][] noisy = (float[][][]) ((ImageHDU) hdus[0]).getKernel();
            assertEquals(N, noisy.length);
            int x = 5, y = 9, k = 4;
            assertEquals(samples.get(k).noisy()[y * S + x], noisy[k][y][x]);

            assertEquals("NOISELESS", hdus[1].getHeader().getStringValue("EXTNAME"));
            assertEquals("IMAGE", hdus[1].getHeader().getStringValue("XTENSION"));
            assertEquals(N, hdus[1].getHeader().getIntValue("NAXIS3"));
            float[][][] noiseless = (float[][][]) ((ImageHDU) hdus[1]).getKernel();
            assertEquals(samples.get(k).noiseless()[y * S + x], noiseless[k][y][x]);

            assertEquals("PSF", hdus[2].getHeader().getStringValue("EXTNAME"));
            assertEquals(2, hdus[2].getHeader().getIntValue("NAXIS"), "one shared PSF: a 2-D image");
            float[][] psf = (float[][]) ((ImageHDU) hdus[2]).getKernel();
            assertEquals(samples.get(0).psf()[y * S + x], psf[y][x]);

            BinaryTableHDU labels = (BinaryTableHDU) hdus[3];
            assertEquals("LABELS", labels.getHeader().getStringValue("EXTNAME"));
            assertEquals(N, labels.getNRows());
            List<String> names = List.of("FLUX", "SERSIC_N", "HLR", "G1", "G2", "PSF_FWHM", "SIGMA", "SNR", "SEED");
            assertEquals(names.size(), labels.getNCols());
            for (int c = 0; c < names.size(); c++) assertEquals(names.get(c), labels.getColumnName(c));
            double[] sersic = (double[]) labels.getColumn("SERSIC_N");
            long[] seeds = (long[]) labels.getColumn("SEED");
            for (int i = 0; i < N; i++) {
                assertEquals(samples.get(i).params().sersicN(), sersic[i]);
                assertEquals(samples.get(i).seed(), seeds[i]);
            }
            assertEquals("arcsec", labels.getHeader().getStringValue("TUNIT3"));
        }
    }

    @Test
    void perSamplePsfIsACubeAndObservationTableHasTwoColumns() throws Exception {
        File f = dir.resolve("obs.fits").toFile();
        DatasetWriter.write(f.toPath(), TestSamples.info(), TestSamples.samples(N, false, true, false, true, true));
        try (Fits fits = new Fits(f)) {
            BasicHDU<?>[] hdus = fits.read();
            assertEquals(3, hdus.length);
            assertEquals("PSF", hdus[1].getHeader().getStringValue("EXTNAME"));
            assertEquals(N, hdus[1].getHeader().getIntValue("NAXIS3"));
            BinaryTableHDU labels = (BinaryTableHDU) hdus[2];
            assertEquals(2, labels.getNCols());
            assertEquals("PSF_FWHM", labels.getColumnName(0));
            assertEquals("SIGMA", labels.getColumnName(1));
        }
    }

    @Test
    void imageJOpensTheNoisyCubeAsAStack() throws Exception {
        List<Sample> samples = TestSamples.samples(N, true, true, true, false, false);
        for (Sample s : samples) s.noisy()[0] = 1f; // ImageJ statistics do not like the NaN test pixel
        Path f = dir.resolve("stack.fits");
        DatasetWriter.write(f, TestSamples.info(), samples);
        FITS_Reader reader = new FITS_Reader();
        reader.run(f.toString());
        ImagePlus imp = reader;
        assertEquals(S, imp.getWidth());
        assertEquals(S, imp.getHeight());
        assertEquals(N, imp.getStackSize());
        // ImageJ shows FITS with y up: its row r is FITS row S-1-r
        float[] slice3 = (float[]) imp.getStack().getPixels(3);
        int x = 7, y = 2;
        assertEquals(samples.get(2).noisy()[y * S + x], slice3[(S - 1 - y) * S + x]);
    }
}
