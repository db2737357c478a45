package org.galaxyparams.ij;

import org.galaxyparams.io.SliceLabels;
import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Macro;
import ij.process.FloatProcessor;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.DatasetGenerator;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.ProgressListener;
import org.galaxyparams.sim.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugins' conversions in a headless JVM: stacks from the simulator, to and from dataset files. */
class GalaxyImagesTest {
    @TempDir
    Path dir;

    private static SimulationOptions options(String s) { return SimulationOptions.parse(s); }

    @Test
    void simulatedStacksCarryTheSamplesAndMatchTheFile() throws Exception {
        Path out = dir.resolve("d3.fits");
        SimulationOptions o = options("preset=dataset3 count=6 seed=11 stamp_size=32 threads=2 show_noisy show_noiseless show_psf save_to=[" + out + "]");
        SimulateGalaxiesPlugin.Result r = SimulateGalaxiesPlugin.simulate(o, ProgressListener.NONE);
        List<Sample> expected = new DatasetGenerator(o.config(), 1).generate(6);

        assertEquals(6, r.count());
        assertEquals(out.toAbsolutePath(), r.saved());
        for (ImagePlus imp : new ImagePlus[] {r.noisy(), r.noiseless(), r.psf()}) {
            assertEquals(6, imp.getStackSize(), imp.getTitle());
            assertEquals(32, imp.getWidth());
            assertEquals(ImagePlus.GRAY32, imp.getType());
            assertEquals(0.23, GalaxyImages.pixelScaleArcsec(imp));
            assertEquals("dataset3", imp.getProp(GalaxyImages.PROP_PRESET));
            assertEquals("11", imp.getProp(GalaxyImages.PROP_SEED));
            assertTrue(imp.getProp(GalaxyImages.PROP_COMMAND).startsWith("run(\"Simulate Galaxies...\", \"preset=dataset3 count=6 seed=11"));
            assertTrue(((String) imp.getProperty("Info")).contains("preset = dataset3"));
        }
        try (DatasetReader file = DatasetReader.open(out)) {
            assertEquals(6, file.count());
            assertEquals(11, file.info().seed());
            for (int i = 0; i < 6; i++) {
                Sample e = expected.get(i);
                assertArrayEquals(e.noisy(), (float[]) r.noisy().getStack().getPixels(i + 1), "same as the core, any threads");
                assertArrayEquals(e.noiseless(), (float[]) r.noiseless().getStack().getPixels(i + 1));
                assertArrayEquals(e.psf(), (float[]) r.psf().getStack().getPixels(i + 1));
                assertArrayEquals(e.noisy(), file.noisy(i));
                assertEquals(e.params(), file.truth(i));
                SliceLabels.Parsed p = SliceLabels.parse(GalaxyImages.label(r.noisy(), i + 1));
                assertClose(e.params(), p.truth());
                assertEquals(e.seed(), p.seed());
                assertEquals(e.sigma(), p.sigma());
                assertEquals(e.psfFwhm(), p.psfFwhmArcsec(), 1e-6);
            }
        }
    }

    @Test
    void fixedPsfGivesOnePsfImage() throws Exception {
        SimulateGalaxiesPlugin.Result r = SimulateGalaxiesPlugin.simulate(options("preset=snr30 count=3 stamp_size=16 show_psf"),
                ProgressListener.NONE);
        assertNull(r.noisy());
        assertNull(r.saved());
        assertEquals(1, r.psf().getStackSize());
        assertEquals("psf=0.5", GalaxyImages.label(r.psf(), 1));
    }

    @Test
    void openThenSaveKeepsImagesLabelsAndHeader() throws Exception {
        Path a = dir.resolve("a.fits"), b = dir.resolve("b.fits"), c = dir.resolve("c.fits");
        SimulateGalaxiesPlugin.simulate(options("preset=dataset2 count=5 seed=5 stamp_size=24 save_to=[" + a + "]"), ProgressListener.NONE);
        List<ImagePlus> opened = GalaxyImages.open(a, 0, Double.NaN, ProgressListener.NONE);
        assertEquals(List.of("a noisy", "a noiseless", "a PSF"), opened.stream().map(ImagePlus::getTitle).toList());
        assertEquals(1, opened.get(2).getStackSize(), "dataset2 has one shared PSF");
        assertEquals(2, GalaxyImages.open(a, 2, Double.NaN, ProgressListener.NONE).get(0).getStackSize());

        assertEquals(5, GalaxyImages.save(opened.get(0), b, 0.23, "unused", ProgressListener.NONE));
        assertEquals(5, GalaxyImages.save(opened.get(1), c, 0.23, "unused", ProgressListener.NONE));
        try (DatasetReader ra = DatasetReader.open(a); DatasetReader rb = DatasetReader.open(b); DatasetReader rc = DatasetReader.open(c)) {
            assertEquals("dataset2", rb.info().preset());
            assertEquals(5, rb.info().seed());
            assertEquals(ra.info().command(), rb.info().command(), "the command that made the data is kept");
            assertEquals(ra.info().prior(), rb.info().prior());
            assertTrue(rb.hasNoisy() && !rb.hasNoiseless() && !rb.hasPsf());
            assertTrue(!rc.hasNoisy() && rc.hasNoiseless(), "a noiseless stack is saved as noiseless images");
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(ra.noisy(i), rb.noisy(i));
                assertArrayEquals(ra.noiseless(i), rc.noiseless(i));
                assertClose(ra.truth(i), rb.truth(i));
                assertEquals(ra.seed(i), rb.seed(i));
                assertEquals(ra.sigma(i), rb.sigma(i));
                assertEquals(ra.snr(i), rb.snr(i), 1e-6 * ra.snr(i));
            }
        }
    }

    @Test
    void stacksWithoutTruthAreSavedAsObservations() throws Exception {
        ImageStack s = new ImageStack(16, 16);
        s.addSlice("psf=0.8 sigma=12", new FloatProcessor(16, 16));
        s.addSlice("flux=1 n=2 hlr=0.3 g1=0 g2=0 psf=0.7 sigma=10", new FloatProcessor(16, 16));
        Path out = dir.resolve("obs.fits");
        GalaxyImages.save(new ImagePlus("obs", s), out, 0.2, "cmd", ProgressListener.NONE);
        try (DatasetReader r = DatasetReader.open(out)) {
            assertFalse(r.hasTruth());
            assertEquals(0.8, r.psfFwhm(0));
            assertEquals(10, r.sigma(1));
            assertEquals(0.2, r.info().geometry().pixelScale());
            assertEquals("cmd", r.info().command());
        }
    }

    @Test
    void badImagesAndCancelGiveClearErrorsAndNoFile() {
        Path out = dir.resolve("x.fits");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GalaxyImages.save(new ImagePlus("r", new FloatProcessor(16, 20)), out, 0.2, "", ProgressListener.NONE));
        assertEquals("stamps must be square; this image is 16x20 pixels", e.getMessage());
        ImageStack s = new ImageStack(16, 16);
        s.addSlice("flux=abc", new FloatProcessor(16, 16));
        e = assertThrows(IllegalArgumentException.class,
                () -> GalaxyImages.save(new ImagePlus("s", s), out, 0.2, "", ProgressListener.NONE));
        assertEquals("slice 1 label: flux=abc is not a number", e.getMessage());

        ProgressListener cancel = new ProgressListener() {
            @Override public void progress(long done, long total) {}
            @Override public boolean isCancelled() { return true; }
        };
        assertThrows(CancellationException.class, () -> SimulateGalaxiesPlugin.simulate(
                options("preset=snr60 count=50 stamp_size=16 save_to=[" + out + "]"), cancel));
        assertFalse(Files.exists(out));
        assertEquals(0, dir.toFile().list().length, "no temporary files left");
    }

    /** Esc (ImageJ's cancel key) stops a run through the plugin's progress listener; nothing is written. */
    @Test
    void escapeCancelsARun() throws Exception {
        Path out = dir.resolve("esc.fits");
        SimulationOptions o = options("preset=dataset3 count=100000 stamp_size=16 threads=1 save_to=[" + out + "]");
        SimulateGalaxiesPlugin.Result[] result = {null};
        Thread run = new Thread(() -> result[0] = new SimulateGalaxiesPlugin().run(o));
        run.start();
        long t0 = System.nanoTime();
        while (run.isAlive() && System.nanoTime() - t0 < 30e9) {
            IJ.setKeyDown(java.awt.event.KeyEvent.VK_ESCAPE);
            run.join(10);
        }
        assertFalse(run.isAlive(), "Esc did not stop the run");
        IJ.resetEscape();
        assertNull(result[0]);
        assertFalse(Files.exists(out));
        assertEquals(0, dir.toFile().list().length, "no temporary files left");
        assertFalse(IjUi.progress("x").isCancelled());
        IJ.setKeyDown(java.awt.event.KeyEvent.VK_ESCAPE);
        assertTrue(IjUi.progress("x").isCancelled());
        IJ.resetEscape();
    }

    /** The plugin entry point as a headless launcher drives it: options from Macro.getOptions on a Run$_ thread. */
    @Test
    void pluginRunsHeadlessFromMacroOptions() throws Exception {
        Path out = dir.resolve("h.fits");
        String log = runPlugin("preset=snr60 count=3 seed=9 stamp_size=16 save_to=[" + out + "]");
        assertTrue(log.contains("Simulate Galaxies: wrote 3 galaxies to " + out), log);
        try (DatasetReader r = DatasetReader.open(out)) {
            assertEquals(3, r.count());
            assertEquals(GalaxyParams.STUDY_TEST_GALAXY, r.truth(2));
        }
        log = runPlugin("preset=snr60 count=abc save_to=[" + out + "]");
        assertEquals("Simulate Galaxies: count=abc: 'abc' is not a number", log.strip());
        log = runPlugin("preset=snr60 count=3");
        assertTrue(log.contains("without a display the images can only be saved: give save_to"), log);
    }

    /**
     * Train Network refuses a mistyped option (it would train another shape for hours) and names the one meant;
     * Simulate Galaxies only warns, with the same suggestion.
     */
    @Test
    void trainNetworkRefusesAMistypedOptionAndNamesTheMeantOne() throws Exception {
        String log = runPlugin(TrainNetworkPlugin.class, "network=xception steps=10 filter=16 folder=[" + dir + "]");
        assertEquals("Train Network: unknown option 'filter' (did you mean 'filters'?): correct it in the macro (the Macro Recorder"
                + " writes this command's options)", log.strip());
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(0, files.count(), "nothing trained or written");
        }
        Path out = dir.resolve("w.fits");
        log = runPlugin("preset=snr60 count=2 seed=9 stamp_size=16 sead=3 save_to=[" + out + "]");
        assertTrue(log.contains("Simulate Galaxies: ignoring unknown option 'sead' (did you mean 'seed'?)"), log);
        assertTrue(java.nio.file.Files.isRegularFile(out), log);
    }

    private static String runPlugin(String options) throws InterruptedException {
        return runPlugin(SimulateGalaxiesPlugin.class, options);
    }

    private static String runPlugin(Class<?> plugin, String options) throws InterruptedException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream old = System.out;
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            Macro.setOptions(Thread.currentThread(), options);
            try {
                IJ.runPlugIn(plugin.getName(), "");
            } finally {
                Macro.setOptions(Thread.currentThread(), null);
            }
        }, "Run$_test");
        t.setUncaughtExceptionHandler((th, ex) -> failure[0] = ex);
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            t.start();
            t.join(60_000);
        } finally {
            System.setOut(old);
        }
        assertNull(failure[0]);
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static void assertClose(GalaxyParams expected, GalaxyParams actual) {
        assertNotNull(actual);
        double[] a = expected.toArray(), b = actual.toArray();
        for (int i = 0; i < 5; i++) assertEquals(a[i], b[i], 1e-6 * Math.abs(a[i]) + 1e-12, GalaxyParams.LABELS[i]);
    }
}
