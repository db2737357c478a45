package org.galaxyparams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** evaluate checks the sets it is asked for before any work, so a mistake never costs the sets evaluated before it. */
class EvaluateCommandTest {
    @Test
    void aPresetWithAPriorInFixedOrAnUnknownPresetIsRefusedFirst() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvaluateCommand.checkSets(List.of("dataset3"), List.of("snr30", "dataset1"), 5, 5));
        assertTrue(e.getMessage().contains("--fixed dataset1 is not a fixed-galaxy set"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EvaluateCommand.checkSets(List.of("dataset3", "datset1"), List.of(), 5, 5));
        assertTrue(e.getMessage().contains("Unknown preset 'datset1'"), e.getMessage());
        EvaluateCommand.checkSets(List.of("dataset1", "", "dataset3"), List.of("snr30", "snr60", ""), 1, 0);
        // through the command: refused with exit code 2 before a network is loaded or a stamp drawn
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        try {
            assertEquals(2, Main.execute("evaluate", "--presets=dataset3", "--fixed", "snr30,dataset1", "--model", "no-such-model"));
        } finally {
            System.setErr(old);
        }
        assertTrue(err.toString().contains("--fixed dataset1 is not a fixed-galaxy set"), err.toString());
    }

    /** --fixed-count 0 leaves the fixed-galaxy sets out instead of printing rows of NaN for them. */
    @Test
    void noFixedGalaxyRowsWhenTheirCountIsZero(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path none = dir.resolve("none.md"), some = dir.resolve("some.md");
        assertEquals(0, Main.execute("evaluate", "--presets=", "--fixed", "snr60", "--fixed-count", "0", "--out", none.toString()));
        assertEquals(0, Main.execute("evaluate", "--presets=", "--fixed", "snr60", "--fixed-count", "3", "--out", some.toString()));
        String without = java.nio.file.Files.readString(none), with = java.nio.file.Files.readString(some);
        assertTrue(!without.contains("snr60") && !without.contains("NaN") && !without.contains("| set |"), without);
        assertTrue(with.contains("| snr60 | bias (n=3) |"), with);
        assertEquals(2, Main.execute("evaluate", "--presets=", "--fixed-count", "-1"));
    }
}
