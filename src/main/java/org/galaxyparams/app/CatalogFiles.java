package org.galaxyparams.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.galaxyparams.io.FieldFits;
import org.galaxyparams.io.OutputFile;

/**
 * Writes a field catalog as CSV (comment lines with the run's notes, then {@link CatalogColumns}) and as a FITS
 * binary table with the same columns. Each file appears whole or not at all ({@link OutputFile}).
 */
public final class CatalogFiles {
    /** The comment line that says how many sources a field has, so that a merge of shards can tell one is missing. */
    static final java.util.regex.Pattern FOUND = java.util.regex.Pattern.compile("# sources found in (.*): (\\d+)");

    private CatalogFiles() {}

    static String foundLine(String field, int n) { return "# sources found in " + field + ": " + n; }

    /**
     * The one rule for a catalog's outputs, for every front-end: refuses a CSV or FITS table that is a folder or one of
     * the inputs, and one already there unless {@code replace}; messages name the option. (Missing folders are made.)
     *
     * @param fits the FITS table beside the CSV, or null for none
     * @param input the field's file, or null (an image without one)
     * @param key the front-end's name of the CSV option ("--out", "save_csv", "output")
     * @param replaceHow how that front-end asks to replace ("--overwrite", "tick overwrite", "overwrite=true")
     */
    public static void checkOutputs(Path csv, Path fits, Path input, boolean replace, String key, String replaceHow) {
        try {
            OutputFile.check(csv, input);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
        if (fits != null) {
            try {
                OutputFile.check(fits, input, csv);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the FITS table beside " + key + ", " + fits + ": " + e.getMessage());
            }
        }
        for (Path p : fits == null ? new Path[] {csv} : new Path[] {csv, fits})
            if (java.nio.file.Files.exists(p) && !replace)
                throw new IllegalArgumentException(p + " exists: give another " + key + (fits == null ? "" : " (the FITS table goes beside it, .fits)")
                        + ", or " + replaceHow + " to replace it");
    }

    /** Whether {@code csv} is a catalog this version wrote (files appear whole, so one that is there is complete). */
    public static boolean completePart(Path csv) throws IOException {
        if (!java.nio.file.Files.isRegularFile(csv)) return false;
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(csv)) {
            return lines.limit(100).anyMatch(l -> l.equals(CatalogColumns.header()));
        }
    }

    /** The FITS table's default name beside a CSV: cat.csv gives cat.fits. */
    public static Path fitsBeside(Path csv) {
        String name = csv.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return csv.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".fits");
    }

    /**
     * @param fits the FITS table to write too, or null for the CSV alone
     * @param command the command line or macro that made the catalog (written with it)
     */
    public static void write(FieldCatalog.Result result, String provenance, Path csv, Path fits, String command) throws IOException {
        try (OutputFile f = OutputFile.open(csv)) {
            BufferedWriter w = f.writer();
            w.write(foundLine(result.field(), result.found() == null ? 0 : result.found().sources().size()));
            w.newLine();
            w.write("# this catalog: " + result.rows().size() + " sources (" + result.galaxies() + " galaxies)" + (result.cancelled() ? ", cancelled" : ""));
            w.newLine();
            for (String n : result.notes()) {
                w.write("# " + n.replace('\n', ' '));
                w.newLine();
            }
            w.write("# model: " + provenance);
            w.newLine();
            w.write("# command: " + command.replace('\n', ' '));
            w.newLine();
            w.write(CatalogColumns.header());
            w.newLine();
            for (CatalogRow r : result.rows()) {
                w.write(CatalogColumns.csvLine(r));
                w.newLine();
            }
            f.commit();
        }
        if (fits != null) writeFits(result.rows(), fits, "field", result.field(), "model", provenance, "command", command,
                "notes", String.join("; ", result.notes()));
    }

    /** The rows as a FITS binary table (EXTNAME CATALOG); {@code keys} are name/value pairs for its header. */
    public static void writeFits(List<CatalogRow> rows, Path fits, Object... keys) throws IOException {
        List<FieldFits.Column> columns = new ArrayList<>();
        for (CatalogColumns.Column c : CatalogColumns.ALL) {
            if (c.text()) {
                String[] t = new String[rows.size()];
                for (int i = 0; i < t.length; i++) t[i] = c.string(rows.get(i));
                columns.add(new FieldFits.Column(c.name().toUpperCase(java.util.Locale.ROOT), c.unit(), null, t));
            } else {
                double[] v = new double[rows.size()];
                for (int i = 0; i < v.length; i++) v[i] = c.number(rows.get(i));
                columns.add(new FieldFits.Column(c.name().toUpperCase(java.util.Locale.ROOT), c.unit(), v, null));
            }
        }
        Object[] cards = new Object[keys.length];
        for (int i = 0; i < keys.length; i += 2) {
            cards[i] = "GP" + keys[i].toString().toUpperCase(java.util.Locale.ROOT).substring(0, Math.min(6, keys[i].toString().length()));
            cards[i + 1] = keys[i + 1];
        }
        FieldFits.writeTable(fits, columns, rows.size(), cards);
    }
}
