package org.galaxyparams.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.macro.Interpreter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulate Galaxies in a batch-mode macro without any display (this JVM is headless, as Fiji's --headless is): the
 * stack asked for is handed to the macro, which Simulate_Galaxies.ijm then saves as TIFF.
 */
class HeadlessBatchSimulateTest {
    @TempDir
    Path dir;

    @Test
    void aHeadlessBatchMacroGetsTheStackItAskedFor() throws Exception {
        assertTrue(IjUi.headless(), "surefire runs headless");
        Path out = dir.resolve("g.fits");
        SimulationOptions o = SimulationOptions.from(SimulationOptions.form().read(
                "preset=dataset1 count=3 seed=4 threads=1 show_noisy save_to=[" + out + "]"));
        boolean was = Interpreter.batchMode;
        Interpreter.batchMode = true;
        try {
            int before = Interpreter.getBatchModeImageCount();
            SimulateGalaxiesPlugin.Result r = new SimulateGalaxiesPlugin().run(o);
            assertNotNull(r);
            assertTrue(Files.isRegularFile(out));
            assertEquals(before + 1, Interpreter.getBatchModeImageCount(), "the noisy stack, for the macro");
            assertEquals(3, r.noisy().getStackSize());
            Interpreter.removeBatchModeImage(r.noisy());
        } finally {
            Interpreter.batchMode = was;
        }
    }

    /** An existing save_to is replaced only with overwrite: a repeated macro never loses a dataset unasked. */
    @Test
    void anExistingFileIsReplacedOnlyWithOverwrite() throws Exception {
        Path out = dir.resolve("kept.fits");
        Files.writeString(out, "someone's data");
        String opts = "preset=dataset1 count=2 seed=4 threads=1 save_to=[" + out + "]";
        assertEquals(null, new SimulateGalaxiesPlugin().run(SimulationOptions.parse(opts)));
        assertEquals("someone's data", Files.readString(out));
        assertNotNull(new SimulateGalaxiesPlugin().run(SimulationOptions.parse(opts + " overwrite")));
        assertTrue(Files.size(out) > 2880);
    }
}
