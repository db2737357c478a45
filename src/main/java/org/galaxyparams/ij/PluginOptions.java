package org.galaxyparams.ij;

import ij.gui.GenericDialog;

/**
 * Reads a plugin's form: from the macro options when a macro (or a headless launcher) passed them, with the same
 * rules as a GenericDialog but without building one; otherwise from the dialog, which opens with the user's last
 * choices (kept in ImageJ's preferences) and remembers the new ones.
 */
final class PluginOptions {
    private PluginOptions() {}

    /**
     * The values, or null when the dialog was cancelled or (headless) there are no macro options (said why).
     *
     * @param example macro options shown in the headless message
     * @throws IllegalArgumentException naming a bad value
     */
    /**
     * The ImageJ preference (IJ_Prefs.txt) holding a dialog field's last value; Measure PSF from Star writes the
     * PSF fields of the measuring dialogs through it.
     */
    static String prefsKey(String title, String key) {
        return "galaxyparams." + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '_') + "." + key;
    }

    static MacroForm.Values read(String title, MacroForm form, String example) {
        return read(title, form, example, false);
    }

    /**
     * As {@link #read(String, MacroForm, String)}; {@code strict}: a macro option the form does not know is an error
     * instead of a warning, for commands where a mistyped option would silently cost hours (a training of another
     * shape than asked for).
     */
    static MacroForm.Values read(String title, MacroForm form, String example, boolean strict) {
        String macro = IjUi.macroOptions();
        if (macro != null) {
            java.util.List<String> unknown = form.unknownKeys(macro);
            if (strict && !unknown.isEmpty())
                throw new IllegalArgumentException("unknown option " + form.describeUnknown(unknown.get(0)) + ": correct it in the macro"
                        + " (the Macro Recorder writes this command's options)");
            IjUi.warnUnknown(title, form, unknown);
            return form.read(macro);
        }
        if (IjUi.headless()) {
            IjUi.error(title, "without a display this command needs macro options, e.g. \"" + example + "\"");
            return null;
        }
        GenericDialog gd = new GenericDialog(title);
        form.remembered(key -> ij.Prefs.get(prefsKey(title, key), null)).addTo(gd);
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        MacroForm.Values values = form.read(gd);
        values.asText().forEach((k, v) -> ij.Prefs.set(prefsKey(title, k), v));
        return values;
    }
}
