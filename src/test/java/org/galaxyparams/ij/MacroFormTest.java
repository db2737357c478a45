package org.galaxyparams.ij;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MacroFormTest {
    private static MacroForm form() {
        return new MacroForm().number("psf_fwhm", 0, 3, "arcsec").choice("sky", new String[] {"auto", "subtract", "none"}, "auto")
                .flag("refine", false).integer("stamp_size", 64, "pixels").file("save_csv", "");
    }

    /** A dialog opens with the last values; stale ones fall back to the defaults; macros never see remembered values. */
    @Test
    void rememberedValuesBecomeTheDialogDefaultsButNotTheMacroOnes() {
        Map<String, String> prefs = new HashMap<>(Map.of("psf_fwhm", "0.72", "sky", "none", "refine", "true", "stamp_size", "4.5",
                "save_csv", "/data/out.csv"));
        MacroForm remembered = form().remembered(prefs::get);
        MacroForm.Values dialogDefaults = remembered.read("");
        assertEquals(0.72, dialogDefaults.number("psf_fwhm"));
        assertEquals("none", dialogDefaults.text("sky"));
        assertEquals(64, dialogDefaults.integer("stamp_size"), "4.5 is no whole number: the declared default");
        assertEquals("/data/out.csv", dialogDefaults.text("save_csv"));
        // what is saved after OK reads back as the same values
        Map<String, String> saved = remembered.read("psf_fwhm=0.8 sky=subtract refine stamp_size=48").asText();
        MacroForm.Values again = form().remembered(saved::get).read("refine");
        assertEquals(0.8, again.number("psf_fwhm"));
        assertEquals("subtract", again.text("sky"));
        assertEquals(48, again.integer("stamp_size"));
        // a macro reads the declared defaults, whatever was remembered
        assertEquals(0, form().read("").number("psf_fwhm"));
        prefs.put("sky", "no-such-choice");
        assertEquals("auto", form().remembered(prefs::get).read("").text("sky"));
    }

    /** A model is picked from a list in the dialog, but a macro may name any card. */
    @Test
    void anOpenChoiceTakesAnyTextFromAMacro() {
        MacroForm f = new MacroForm().openChoice("model", new String[] {"a", "b"}, "c");
        assertEquals("c", f.read("").text("model"));
        assertEquals("/models/mine.json", f.read("model=[/models/mine.json]").text("model"));
        assertEquals("b", f.remembered(k -> "b").read("").text("model"));
    }

    /** A dialog's help text is broken at spaces into lines that fit the screen; no word is cut or lost. */
    @Test
    void longMessagesAreWrappedAtSpaces() {
        String text = "one two three four five six seven eight nine ten\nkept break " + "x".repeat(30) + " end";
        String wrapped = MacroForm.wrap(text, 20);
        for (String line : wrapped.split("\n")) assertTrue(line.length() <= 20 || !line.contains(" "), "'" + line + "'");
        assertEquals(text.replace("\n", " "), wrapped.replace("\n", " "), "only spaces became line breaks");
        assertTrue(wrapped.contains("ten\nkept"), "an existing break is kept: " + wrapped);
        assertEquals("short", MacroForm.wrap("short", 20));
    }

    /** A mistyped key is named with the key it was probably meant to be. */
    @Test
    void anUnknownKeyIsMatchedToTheNearestKnownOne() {
        MacroForm f = form().flag("unshuffle_entry", false).integer("filters", 0, null);
        assertEquals(java.util.List.of("filter", "unshuffle", "sky_level"), f.unknownKeys("filter=16 unshuffle sky_level=3 refine"));
        assertEquals("filters", f.closestKey("filter"));
        assertEquals("unshuffle_entry", f.closestKey("unshuffle"));
        assertEquals("psf_fwhm", f.closestKey("psf_fwmh"), "two edits");
        assertNull(f.closestKey("colour"));
        assertEquals("'filter' (did you mean 'filters'?)", f.describeUnknown("filter"));
        assertEquals(2, MacroForm.editDistance("psf_fwmh", "psf_fwhm"));
    }

    /** A key is a whole word: "sigma" is not read out of "deblend_sigma=2" (ImageJ's Macro.getValue would), nor out of a [...] value. */
    @Test
    void aKeyIsNotFoundAtTheEndOfALongerKeyOrInsideAValue() {
        MacroForm f = new MacroForm().number("sigma", 0, 3, "counts").number("deblend_sigma", 0, 2, "").file("save_csv", "")
                .flag("overlay", false);
        MacroForm.Values v = f.read("deblend_sigma=2 save_csv=[/data/sigma=3 overlay.csv]");
        assertEquals(0, v.number("sigma"), "sigma not given");
        assertEquals(2, v.number("deblend_sigma"));
        assertEquals("/data/sigma=3 overlay.csv", v.text("save_csv"));
        assertFalse(v.flag("overlay"), "a word inside a [...] value is no flag");
        v = f.read("deblend_sigma=2 sigma=5 overlay");
        assertEquals(5, v.number("sigma"));
        assertEquals(2, v.number("deblend_sigma"));
        assertTrue(v.flag("overlay"));
        assertEquals("a b", MacroForm.valueOf("x='a b' y=1", "x"));
    }
}
