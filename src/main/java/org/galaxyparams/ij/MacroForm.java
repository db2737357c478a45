package org.galaxyparams.ij;

import ij.gui.GenericDialog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a plugin dialog, declared once and then either shown in a {@link GenericDialog} or read from a
 * macro options string without any dialog (headless). Both follow ImageJ's macro rules: a field's key is its
 * label's first word in lower case (labels here are the keys, e.g. "flux_min", shown as "Flux min"); a missing
 * key keeps the default, except checkboxes, which are true only when their key is present.
 */
public final class MacroForm {
    enum Kind { NUMBER, INTEGER, LONG, TEXT, FILE, CHOICE, OPEN_CHOICE, FLAG, SLIDER, MESSAGE }

    record Field(Kind kind, String key, Object def, String units, int digits, String[] items,
                 double min, double max, double step, boolean sameRow) {}

    private final List<Field> fields = new ArrayList<>();
    private boolean nextOnSameRow;

    /** A decimal number; {@code units} is shown after the field (may be null). */
    public MacroForm number(String key, double def, int digits, String units) {
        return add(new Field(Kind.NUMBER, key, def, units, digits, null, 0, 0, 0, false));
    }

    /** A whole number (fits a double exactly). */
    public MacroForm integer(String key, long def, String units) {
        return add(new Field(Kind.INTEGER, key, def, units, 0, null, 0, 0, 0, false));
    }

    /** A 64-bit whole number typed as text, so large values (seeds) stay exact. */
    public MacroForm longText(String key, long def) {
        return add(new Field(Kind.LONG, key, def, null, 0, null, 0, 0, 0, false));
    }

    public MacroForm text(String key, String def) {
        return add(new Field(Kind.TEXT, key, def, null, 0, null, 0, 0, 0, false));
    }

    /** A path: a text field with a Browse button in the dialog, plain text in macros. */
    public MacroForm file(String key, String def) {
        return add(new Field(Kind.FILE, key, def, null, 0, null, 0, 0, 0, false));
    }

    public MacroForm choice(String key, String[] items, String def) {
        return add(new Field(Kind.CHOICE, key, def, null, 0, items.clone(), 0, 0, 0, false));
    }

    /**
     * A list in the dialog (the default is added when missing), any text in macros: for a model, the installed
     * names to pick from, or a card's path in a macro.
     */
    public MacroForm openChoice(String key, String[] items, String def) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(List.of(items));
        all.add(def);
        return add(new Field(Kind.OPEN_CHOICE, key, def, null, 0, all.toArray(String[]::new), 0, 0, 0, false));
    }

    public MacroForm flag(String key, boolean def) {
        return add(new Field(Kind.FLAG, key, def, null, 0, null, 0, 0, 0, false));
    }

    /**
     * A slider from {@code min} to {@code max} in steps of {@code step}; reads as a number. {@code units} is shown
     * in the label, e.g. "Hlr (arcsec)" (may be null).
     */
    public MacroForm slider(String key, double min, double max, double def, double step, String units) {
        return add(new Field(Kind.SLIDER, key, def, units, 0, null, min, max, step, false));
    }

    /** A line of text in the dialog (no value). */
    public MacroForm message(String text) {
        return add(new Field(Kind.MESSAGE, null, text, null, 0, null, 0, 0, 0, false));
    }

    /** Characters per line of a dialog's message, so that the dialog fits a 1280-pixel screen. */
    static final int MESSAGE_COLUMNS = 90;

    /**
     * {@code text} broken into lines of at most {@code columns} characters at spaces (a longer word keeps a line of its
     * own); line breaks already in it are kept. ImageJ shows a message on one line however long, so a long help text
     * made a dialog wider than the screen, its OK button out of reach.
     */
    static String wrap(String text, int columns) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (String paragraph : text.split("\n", -1)) {
            if (out.length() > 0) out.append('\n');
            int lineStart = out.length();
            for (String word : paragraph.split(" ")) {
                if (word.isEmpty()) continue;
                if (out.length() > lineStart && out.length() - lineStart + 1 + word.length() > columns) {
                    out.append('\n');
                    lineStart = out.length();
                } else if (out.length() > lineStart) out.append(' ');
                out.append(word);
            }
        }
        return out.toString();
    }

    /** Puts the next field on the same dialog row as the previous one. */
    public MacroForm sameRow() {
        nextOnSameRow = true;
        return this;
    }

    private MacroForm add(Field f) {
        if (f.key != null && keys().contains(f.key)) throw new IllegalStateException("duplicate key " + f.key);
        fields.add(nextOnSameRow ? new Field(f.kind, f.key, f.def, f.units, f.digits, f.items, f.min, f.max, f.step, true) : f);
        nextOnSameRow = false;
        return this;
    }

    /**
     * This form with the defaults replaced by remembered values ({@code stored} gives a key's last value as text, or
     * null): a dialog opens with the user's last choices. Stored text that no longer fits a field (a choice removed,
     * a number now malformed) is ignored. Macros never see remembered values: they read {@link #read(String)} on the
     * declared defaults, so a macro means the same on every machine.
     */
    public MacroForm remembered(java.util.function.Function<String, String> stored) {
        MacroForm out = new MacroForm();
        for (Field f : fields) {
            String raw = f.key == null ? null : stored.apply(f.key);
            Object def = f.def;
            if (raw != null) {
                try {
                    def = switch (f.kind) {
                        case NUMBER, SLIDER -> parseDouble(f.key, raw);
                        case INTEGER -> wholeNumber(f.key, parseDouble(f.key, raw));
                        case LONG -> parseLong(f.key, raw);
                        case TEXT, FILE, OPEN_CHOICE -> raw;
                        case CHOICE -> matchChoice(f, raw);
                        case FLAG -> Boolean.parseBoolean(raw);
                        case MESSAGE -> f.def;
                    };
                } catch (IllegalArgumentException stale) {
                    def = f.def;
                }
            }
            out.fields.add(new Field(f.kind, f.key, def, f.units, f.digits, f.items, f.min, f.max, f.step, f.sameRow));
        }
        return out;
    }

    /** The keys of all value fields, in order. */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        for (Field f : fields) if (f.key != null) keys.add(f.key);
        return keys;
    }

    /**
     * Dialog label of a key: first letter upper case; GenericDialog shows '_' as a space, and the macro key is the
     * label's first word in lower case, so text after a space (units) does not change it.
     */
    static String label(String key) {
        return Character.toUpperCase(key.charAt(0)) + key.substring(1);
    }

    /** Adds the fields to a dialog (not headless). */
    public void addTo(GenericDialog gd) {
        for (Field f : fields) {
            if (f.sameRow) gd.addToSameRow();
            String label = f.key == null ? null : label(f.key);
            switch (f.kind) {
                case NUMBER -> gd.addNumericField(label, (Double) f.def, f.digits, 10, f.units);
                case INTEGER -> gd.addNumericField(label, (Long) f.def, 0, 10, f.units);
                case LONG -> gd.addStringField(label, Long.toString((Long) f.def), 12);
                case TEXT -> gd.addStringField(label, (String) f.def, 30);
                case FILE -> gd.addFileField(label, (String) f.def, 30);
                case CHOICE -> gd.addChoice(label, f.items, (String) f.def);
                case OPEN_CHOICE -> {
                    java.util.LinkedHashSet<String> items = new java.util.LinkedHashSet<>(List.of(f.items));
                    items.add((String) f.def);
                    gd.addChoice(label, items.toArray(String[]::new), (String) f.def);
                }
                case FLAG -> gd.addCheckbox(label, (Boolean) f.def);
                case SLIDER -> {
                    gd.addSlider(f.units == null ? label : label + " (" + f.units + ")", f.min, f.max, (Double) f.def, f.step);
                    ((java.awt.TextField) gd.getNumericFields().lastElement()).setColumns(8);
                }
                case MESSAGE -> gd.addMessage(wrap((String) f.def, MESSAGE_COLUMNS));
            }
        }
    }

    /**
     * Reads the values from a dialog built by {@link #addTo} (after showDialog, or inside a DialogListener).
     *
     * @throws IllegalArgumentException naming the field of an invalid value
     */
    public Values read(GenericDialog gd) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (Field f : fields) {
            switch (f.kind) {
                case NUMBER, SLIDER -> {
                    double x = gd.getNextNumber();
                    if (Double.isNaN(x)) throw new IllegalArgumentException(f.key + ": not a number");
                    v.put(f.key, x);
                }
                case INTEGER -> v.put(f.key, wholeNumber(f.key, gd.getNextNumber()));
                case LONG -> v.put(f.key, parseLong(f.key, gd.getNextString()));
                case TEXT, FILE -> v.put(f.key, gd.getNextString().trim());
                case CHOICE, OPEN_CHOICE -> v.put(f.key, gd.getNextChoice());
                case FLAG -> v.put(f.key, gd.getNextBoolean());
                case MESSAGE -> { }
            }
        }
        return new Values(v);
    }

    /**
     * Reads the values from a macro options string such as {@code "preset=dataset1 count=8 show_noisy save_to=[/a b.fits]"},
     * with no dialog (works headless).
     *
     * @throws IllegalArgumentException naming the field of an invalid value
     */
    public Values read(String options) {
        String opts = options == null ? " " : options + " ";
        Map<String, Object> v = new LinkedHashMap<>();
        for (Field f : fields) {
            if (f.kind == Kind.MESSAGE) continue;
            if (f.kind == Kind.FLAG) {
                v.put(f.key, hasFlag(opts, f.key));
                continue;
            }
            String raw = valueOf(opts, f.key);
            if (raw == null) {
                v.put(f.key, f.def);
                continue;
            }
            switch (f.kind) {
                case NUMBER, SLIDER -> v.put(f.key, parseDouble(f.key, raw));
                case INTEGER -> v.put(f.key, wholeNumber(f.key, parseDouble(f.key, raw)));
                case LONG -> v.put(f.key, parseLong(f.key, raw));
                case TEXT, FILE, OPEN_CHOICE -> v.put(f.key, raw.trim());
                case CHOICE -> v.put(f.key, matchChoice(f, raw));
                default -> throw new IllegalStateException(f.kind.toString());
            }
        }
        return new Values(v);
    }

    /** Keys in {@code options} that this form does not know (typos), in order. */
    public List<String> unknownKeys(String options) {
        List<String> unknown = new ArrayList<>();
        Set<String> known = keys();
        for (String k : keysIn(options)) if (!known.contains(k)) unknown.add(k);
        return unknown;
    }

    /**
     * The known key an unknown one was probably meant to be: one that starts with it or that it starts with
     * ("filter", "unshuffle"), else the nearest within two edits ("sead"); null when none is that close.
     */
    public String closestKey(String unknown) {
        String best = null;
        int bestDistance = 3;
        for (String k : keys()) {
            if (k.startsWith(unknown) || unknown.startsWith(k)) return k;
            int d = editDistance(unknown, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    /** "'filter' (did you mean 'filters'?)": an unknown key as a message names it. */
    public String describeUnknown(String unknown) {
        String close = closestKey(unknown);
        return "'" + unknown + "'" + (close == null ? "" : " (did you mean '" + close + "'?)");
    }

    /** Levenshtein distance: the fewest insertions, deletions and substitutions that turn a into b. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++)
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The keys of a macro options string: each word, up to '=', outside [...] and '...' values. */
    static List<String> keysIn(String options) {
        return new ArrayList<>(entries(options).stream().map(e -> e[0]).toList());
    }

    /**
     * The key=value words of a macro options string, in order: {key, value} with the value's [...] or '...' taken off,
     * {key, null} for a bare word (a flag). A key is a whole word: unlike ImageJ's Macro.getValue, "sigma" is not found
     * inside "deblend_sigma=2".
     */
    static List<String[]> entries(String options) {
        List<String[]> out = new ArrayList<>();
        if (options == null) return out;
        String s = options;
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') i++;
            int start = i;
            while (i < n && s.charAt(i) != ' ' && s.charAt(i) != '=') i++;
            if (i == start) { i++; continue; }
            String key = s.substring(start, i).toLowerCase(Locale.ROOT);
            String value = null;
            if (i < n && s.charAt(i) == '=') {
                i++;
                if (i < n && s.charAt(i) == '[') {
                    int depth = 0, from = i + 1;
                    for (; i < n; i++) {
                        if (s.charAt(i) == '[') depth++;
                        else if (s.charAt(i) == ']' && --depth == 0) break;
                    }
                    value = s.substring(from, Math.min(i, n));
                    i = Math.min(i + 1, n);
                } else if (i < n && s.charAt(i) == '\'') {
                    int end = s.indexOf('\'', i + 1);
                    value = s.substring(i + 1, end < 0 ? n : end);
                    i = end < 0 ? n : end + 1;
                } else {
                    int from = i;
                    while (i < n && s.charAt(i) != ' ') i++;
                    value = s.substring(from, i);
                }
            }
            out.add(new String[] {key, value});
        }
        return out;
    }

    /** The value given for {@code key} (its first occurrence), or null when absent or a bare word. */
    static String valueOf(String options, String key) {
        for (String[] e : entries(options)) if (e[0].equals(key)) return e[1];
        return null;
    }

    /** True if {@code key} appears as a bare word, not inside a [...] value (GenericDialog's rule). */
    static boolean hasFlag(String options, String key) {
        for (String[] e : entries(options)) if (e[0].equals(key) && e[1] == null) return true;
        return false;
    }

    private static double parseDouble(String key, String raw) {
        try {
            double x = Double.parseDouble(raw.trim());
            if (Double.isNaN(x)) throw new NumberFormatException();
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + raw + ": '" + raw + "' is not a number");
        }
    }

    private static long wholeNumber(String key, double x) {
        if (Double.isNaN(x)) throw new IllegalArgumentException(key + ": not a number");
        if (x != Math.rint(x) || Math.abs(x) > (1L << 53)) {
            throw new IllegalArgumentException(key + "=" + x + ": must be a whole number");
        }
        return (long) x;
    }

    private static long parseLong(String key, String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + raw + ": '" + raw + "' is not a whole number");
        }
    }

    private static String matchChoice(Field f, String raw) {
        for (String item : f.items) if (item.equalsIgnoreCase(raw.trim())) return item;
        throw new IllegalArgumentException(f.key + "=" + raw + ": use one of " + String.join(", ", f.items));
    }

    /** Values read from a dialog or a macro options string, by key. */
    public static final class Values {
        private final Map<String, Object> values;

        Values(Map<String, Object> values) { this.values = values; }

        private Object get(String key) {
            Object v = values.get(key);
            if (v == null) throw new IllegalArgumentException("no field " + key);
            return v;
        }

        public double number(String key) { return ((Number) get(key)).doubleValue(); }

        public long integer(String key) { return ((Number) get(key)).longValue(); }

        /** An integer field that must lie in [min, max]. */
        public int integer(String key, int min, int max) {
            long v = integer(key);
            if (v < min || v > max) throw new IllegalArgumentException(key + "=" + v + ": must be " + min + "-" + max);
            return (int) v;
        }

        public String text(String key) { return (String) get(key); }

        public boolean flag(String key) { return (Boolean) get(key); }

        /** Every value as text, by key (what a dialog remembers). */
        public Map<String, String> asText() {
            Map<String, String> out = new LinkedHashMap<>();
            values.forEach((k, v) -> out.put(k, String.valueOf(v)));
            return out;
        }

        @Override
        public String toString() { return values.toString(); }
    }
}
