package org.galaxyparams.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void simulatedWithNoiselessAndSharedPsf() throws IOException {
        roundTrip(TestSamples.samples(7, true, true, true, true, false), true, false);
    }

    @Test
    void simulatedWithNoiselessAndPsfPerSample() throws IOException {
        roundTrip(TestSamples.samples(5, true, true, true, true, true), true, true);
    }

    @Test
    void simulatedWithoutNoiselessOrPsf() throws IOException {
        roundTrip(TestSamples.samples(3, true, true, false, false, false), false, false);
    }

    @Test
    void noiselessOnlyLeavesThePrimaryEmpty() throws IOException {
        roundTrip(TestSamples.samples(4, true, false, true, true, false), true, false);
    }

    @Test
    void observationLabelsHoldOnlyPsfFwhmAndSigma() throws IOException {
        List<Sample> obs = TestSamples.samples(3, false, true, false, false, false);
        Path f = roundTrip(obs, false, false);
        try (DatasetReader r = DatasetReader.open(f)) {
            assertFalse(r.hasTruth());
            assertNull(r.truth(1));
            assertTrue(Double.isNaN(r.snr(1)));
            assertEquals(0, r.seed(1));
        }
    }

    @Test
    void singleSampleAndWriteConvenience() throws IOException {
        List<Sample> one = TestSamples.samples(1, true, true, true, true, false);
        Path f = dir.resolve("one.fits");
        DatasetWriter.write(f, TestSamples.info(), one);
        try (DatasetReader r = DatasetReader.open(f)) {
            assertEquals(1, r.count());
            assertSampleEquals(one.get(0), r.sample(0), true);
        }
    }

    @Test
    void writeConvenienceDetectsVaryingPsf() throws IOException {
        List<Sample> s = TestSamples.samples(3, true, true, false, true, true);
        Path f = dir.resolve("varying.fits");
        DatasetWriter.write(f, TestSamples.info(), s);
        try (DatasetReader r = DatasetReader.open(f)) {
            for (int i = 0; i < s.size(); i++) assertBitsEqual(s.get(i).psf(), r.psf(i));
        }
    }

    @Test
    void infoRoundTripsExactlyIncludingLongCommand() throws IOException {
        String longCommand = "galaxy-params simulate " + "--option value ".repeat(40) + "--out x.fits";
        DatasetInfo info = new DatasetInfo(TestSamples.GEOMETRY, "GAUSSIAN", Double.NaN, "custom", "prior 'quoted'", Long.MIN_VALUE,
                longCommand, "1.2.3");
        Path f = dir.resolve("info.fits");
        DatasetWriter.write(f, info, TestSamples.samples(2, true, true, false, false, false));
        try (DatasetReader r = DatasetReader.open(f)) {
            assertEquals(info, r.info());
        }
    }

    @Test
    void nonAsciiTextIsReplacedNotDropped() throws IOException {
        Path f = dir.resolve("text.fits");
        DatasetInfo info = DatasetInfo.observation(TestSamples.GEOMETRY, "measure --in 'ünïcode\tpath.fits'  ");
        DatasetWriter.write(f, info, TestSamples.samples(1, true, true, false, false, false));
        try (DatasetReader r = DatasetReader.open(f)) {
            assertEquals("measure --in '?n?code?path.fits'", r.info().command());
            assertNull(r.info().psfType());
            assertNull(r.info().preset());
            assertTrue(Double.isNaN(r.info().psfBeta()));
        }
    }

    /** Writes with DatasetWriter, reads back and compares every image bit and every label. */
    private Path roundTrip(List<Sample> samples, boolean withNoiseless, boolean psfPerSample) throws IOException {
        Path f = dir.resolve("data.fits");
        try (DatasetWriter w = DatasetWriter.create(f, TestSamples.info(), withNoiseless, psfPerSample)) {
            for (Sample s : samples) w.append(s);
            assertEquals(samples.size(), w.count());
            assertFalse(Files.exists(f), "nothing at the output path before the commit");
            w.commit();
        }
        assertTrue(Files.exists(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "temporary files are removed");
        }
        assertEquals(0, Files.size(f) % 2880, "whole FITS blocks");
        try (DatasetReader r = DatasetReader.open(f)) {
            assertEquals(samples.size(), r.count());
            assertEquals(TestSamples.SIZE, r.size());
            assertEquals(TestSamples.info(), r.info());
            assertEquals(samples.get(0).noisy() != null, r.hasNoisy());
            assertEquals(withNoiseless, r.hasNoiseless());
            assertEquals(samples.get(0).psf() != null, r.hasPsf());
            for (int i = 0; i < samples.size(); i++) assertSampleEquals(samples.get(i), r.sample(i), withNoiseless);
        }
        return f;
    }

    static void assertSampleEquals(Sample want, Sample got, boolean withNoiseless) {
        GalaxyParams p = want.params();
        if (p == null) {
            assertNull(got.params());
        } else {
            assertArrayEquals(bits(p.toArray()), bits(got.params().toArray()));
            assertEquals(Double.doubleToRawLongBits(want.snr()), Double.doubleToRawLongBits(got.snr()));
            assertEquals(want.seed(), got.seed());
        }
        assertEquals(Double.doubleToRawLongBits(want.psfFwhm()), Double.doubleToRawLongBits(got.psfFwhm()));
        assertEquals(Double.doubleToRawLongBits(want.sigma()), Double.doubleToRawLongBits(got.sigma()));
        assertBitsEqual(want.noisy(), got.noisy());
        assertBitsEqual(withNoiseless ? want.noiseless() : null, got.noiseless());
        assertBitsEqual(want.psf(), got.psf());
    }

    static void assertBitsEqual(float[] want, float[] got) {
        if (want == null) {
            assertNull(got);
            return;
        }
        assertNotNull(got);
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "pixel " + i);
        }
    }

    private static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Double.doubleToRawLongBits(v[i]);
        return b;
    }
}
