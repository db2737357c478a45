package org.galaxyparams.ij;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.UniformPrior;
import org.junit.jupiter.api.Test;

/** Macro option string -> SimulationOptions, as a headless run reads them (no dialog, no display). */
class SimulationOptionsTest {

    @Test
    void missingKeysKeepDefaultsAndCheckboxesAreOff() {
        SimulationOptions o = SimulationOptions.parse("preset=snr60");
        assertEquals("snr60", o.preset());
        assertEquals(1000, o.count());
        assertEquals(1, o.seed(), "the defaults of every front-end (SimulateRequest)");
        assertEquals(64, o.stampSize());
        assertEquals(0.23, o.pixelScale());
        assertEquals(Preset.PSF_BETA, o.psfBeta());
        assertEquals(10, o.snrMin());
        assertEquals(100, o.snrMax());
        assertFalse(o.showNoisy() || o.showNoiseless() || o.showPsf(), "a checkbox is on only when its key is given");
        assertFalse(o.hasSaveTo());
        assertTrue(o.fixedPsf());
    }

    @Test
    void readsEveryKeyIncludingBracketedPathsAndFlags() {
        SimulationOptions o = SimulationOptions.parse("preset=DATASET3 count=8 seed=-9007199254740993 stamp_size=48 "
                + "pixel_scale=0.2 psf_beta=3.5 snr_min=5 snr_max=80 threads=3 show_noiseless show_psf "
                + "save_to=[/tmp/a folder/show_noisy out.fits]");
        assertEquals("dataset3", o.preset());
        assertEquals(8, o.count());
        assertEquals(-9007199254740993L, o.seed(), "seeds stay exact beyond 2^53");
        assertEquals(48, o.stampSize());
        assertEquals(0.2, o.pixelScale());
        assertEquals(3.5, o.psfBeta());
        assertEquals(5, o.snrMin());
        assertEquals(80, o.snrMax());
        assertEquals(3, o.threads());
        assertFalse(o.showNoisy(), "a key inside a [...] value is not a checkbox");
        assertTrue(o.showNoiseless());
        assertTrue(o.showPsf());
        assertEquals("/tmp/a folder/show_noisy out.fits", o.saveTo());
        assertFalse(o.fixedPsf(), "dataset3 draws the PSF FWHM");
        assertEquals(48, o.config().geometry().size());
    }

    @Test
    void customPresetUsesTheRanges() {
        SimulationOptions o = SimulationOptions.parse("preset=custom flux_min=1000 flux_max=2000 n_min=1 n_max=2 "
                + "hlr_min=0.2 hlr_max=0.3 shear_max=0.05 psf_fwhm_min=0.6 psf_fwhm_max=0.6 sigma_min=10 sigma_max=20 "
                + "integer_sigma count=3");
        UniformPrior p = (UniformPrior) o.prior();
        assertEquals(new UniformPrior(1000, 2000, 1, 2, 0, 0.2, 0.3, 0.05, 0.6, 0.6, 10, 20, true), p);
        assertTrue(o.fixedPsf());
        // ranges are ignored for the other presets
        assertSame(Preset.DATASET1.prior(), SimulationOptions.parse("preset=dataset1 flux_min=5 flux_max=1").prior());
    }

    @Test
    void macroOptionsRoundTrip() {
        for (String s : List.of("preset=dataset2 count=7 seed=3 show_noisy save_to=[/x y/z.fits]",
                "preset=custom flux_min=1000 flux_max=2000 sigma_min=1.5 sigma_max=2.5 count=2 show_psf threads=1")) {
            SimulationOptions o = SimulationOptions.parse(s);
            assertEquals(o, SimulationOptions.parse(o.toMacroOptions()), s);
        }
        assertTrue(SimulationOptions.parse("count=2").toMacroCall().startsWith("run(\"Simulate Galaxies...\", \"preset=dataset3 count=2 "));
    }

    @Test
    void badValuesGiveClearMessages() {
        assertMessage("count=abc", "count=abc", "not a number");
        assertMessage("count=2.5", "count", "whole number");
        assertMessage("count=0", "count=0", "must be 1-");
        assertMessage("seed=12x", "seed=12x", "not a whole number");
        assertMessage("preset=dataset9", "preset=dataset9", "dataset1, dataset2, dataset3, snr30, snr60, custom");
        assertMessage("stamp_size=4", "stamp_size=4", "must be 8-1024");
        assertMessage("pixel_scale=-1", "pixel scale", "> 0");
        assertMessage("psf_beta=1", "beta", "1.1");
        assertMessage("snr_min=50 snr_max=20", "snr_min=50", "snr_max=20");
        assertMessage("preset=custom flux_min=5 flux_max=1", "flux range", "min <= max");
        assertMessage("preset=custom n_min=0.1", "n range", "");
    }

    private static void assertMessage(String options, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimulationOptions.parse(options));
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain '" + p + "'");
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    @Test
    void unknownKeysAreReported() {
        MacroForm form = SimulationOptions.form();
        assertEquals(List.of("cout", "savedir"), form.unknownKeys("preset=snr30 cout=5 show_psf savedir=[a b] save_to=[c=d e]"));
        assertEquals(List.of("preset", "x", "show_psf", "y"), MacroForm.keysIn("preset=[a [b] c] x='q r' show_psf y="));
    }
}
