package org.galaxyparams.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.SersicProfile;

/**
 * Reads a CSV parameter catalog ({@code simulate --catalog params.csv}). The first non-comment line names the
 * columns (any order, case-insensitive): required flux (counts), sersic_n, hlr (arcsec), g1, g2, psf_fwhm
 * (arcsec); optional sigma (counts) and seed (integer). Blank lines and lines starting with # are skipped;
 * fields are trimmed and may be double-quoted. Any problem, including an unknown column name (so a typo cannot
 * silently drop a column), is a {@link CatalogException} naming the file, line and column.
 */
public final class CatalogReader {
    /** Largest flux a row may ask for, in counts (the priors stop at 4e5). */
    public static final double MAX_FLUX = 1e15;
    public static final String FLUX = "flux", SERSIC_N = "sersic_n", HLR = "hlr", G1 = "g1", G2 = "g2",
            PSF_FWHM = "psf_fwhm", SIGMA = "sigma", SEED = "seed";
    public static final List<String> REQUIRED = List.of(FLUX, SERSIC_N, HLR, G1, G2, PSF_FWHM);
    public static final List<String> OPTIONAL = List.of(SIGMA, SEED);
    /** A plain decimal number; rejects NaN, Infinity, hex and Java suffixes that parseDouble would take. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final String source;
    private Map<String, Integer> columns; // name -> field index, once the header is read
    private int fieldCount;
    private int headerLine;

    private CatalogReader(String source) { this.source = source; }

    /** All rows of the catalog at {@code csv} (UTF-8). */
    public static List<CatalogRow> read(Path csv) throws IOException {
        byte[] bytes = Files.readAllBytes(csv);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer text = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(in, text, true);
        if (result.isError()) {
            int at = in.position(), line = 1;
            for (int i = 0; i < at; i++) if (bytes[i] == '\n') line++;
            throw new CatalogException(csv.toString(), line, null, String.format(java.util.Locale.ROOT,
                    "byte 0x%02x is not UTF-8 text: save the catalog as UTF-8 (or plain ASCII) CSV", bytes[at] & 0xff));
        }
        return parse(new BufferedReader(new java.io.StringReader(text.flip().toString())), csv.toString());
    }

    /** All rows read from {@code in}; {@code source} names it in messages (e.g. the file name). */
    public static List<CatalogRow> parse(BufferedReader in, String source) throws IOException {
        CatalogReader r = new CatalogReader(source);
        List<CatalogRow> rows = new ArrayList<>();
        int lineNumber = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) line = line.substring(1); // byte-order mark
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] fields = split(t);
            if (r.columns == null) r.header(fields, lineNumber);
            else rows.add(r.row(fields, lineNumber));
        }
        if (r.columns == null) {
            throw new CatalogException(source, Math.max(1, lineNumber), null, "no header row: the first line must name "
                    + "the columns, e.g. " + String.join(",", REQUIRED) + "[,sigma,seed]");
        }
        if (rows.isEmpty()) throw new CatalogException(source, lineNumber, null, "the catalog has a header but no rows");
        return rows;
    }

    private static String[] split(String line) {
        String[] f = line.split(",", -1);
        for (int i = 0; i < f.length; i++) {
            String v = f[i].trim();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1).trim();
            f[i] = v;
        }
        return f;
    }

    private void header(String[] names, int line) {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i].toLowerCase(Locale.ROOT);
            if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
                throw new CatalogException(source, line, names[i].isEmpty() ? "#" + (i + 1) : names[i],
                        "unknown column name; the columns are " + String.join(", ", REQUIRED) + " and optionally sigma, seed");
            }
            if (map.put(name, i) != null) throw new CatalogException(source, line, name, "the column appears twice");
        }
        for (String required : REQUIRED) {
            if (!map.containsKey(required)) {
                throw new CatalogException(source, line, required, "missing required column (the header names "
                        + String.join(", ", names) + ")");
            }
        }
        columns = map;
        fieldCount = names.length;
        headerLine = line;
    }

    private CatalogRow row(String[] f, int line) {
        if (f.length != fieldCount) {
            String column = f.length < fieldCount ? nameOf(f.length) : null;
            throw new CatalogException(source, line, column, "the line has " + f.length + " fields but the header (line "
                    + headerLine + ") names " + fieldCount + " columns");
        }
        double flux = number(f, FLUX, line);
        double n = number(f, SERSIC_N, line);
        double hlr = number(f, HLR, line);
        double g1 = number(f, G1, line);
        double g2 = number(f, G2, line);
        double fwhm = number(f, PSF_FWHM, line);
        if (flux < 0) throw bad(line, FLUX, f, "is negative; flux must be >= 0 counts");
        // Poisson counts are drawn as 64-bit integers: beyond 1e15 counts a stamp's pixels would saturate them
        if (flux > MAX_FLUX) throw bad(line, FLUX, f, "is above " + MAX_FLUX + " counts; give the flux in counts (photo-electrons)");
        if (!(n >= SersicProfile.MIN_N && n <= SersicProfile.MAX_N)) {
            throw bad(line, SERSIC_N, f, "is outside " + SersicProfile.MIN_N + "-" + SersicProfile.MAX_N);
        }
        if (!(hlr > 0)) throw bad(line, HLR, f, "must be > 0 arcsec");
        double g = Math.hypot(g1, g2);
        if (!(g < 1)) {
            throw new CatalogException(source, line, G1 + "," + G2, "|g| = sqrt(g1^2 + g2^2) = " + g + " must be < 1");
        }
        if (!(fwhm > 0)) throw bad(line, PSF_FWHM, f, "must be > 0 arcsec");
        double sigma = Double.NaN;
        if (columns.containsKey(SIGMA) && !f[columns.get(SIGMA)].isEmpty()) {
            sigma = number(f, SIGMA, line);
            if (sigma < 0) throw bad(line, SIGMA, f, "is negative; sigma must be >= 0 counts");
            if (!(sigma <= MAX_FLUX)) throw bad(line, SIGMA, f, "is above " + MAX_FLUX + " counts");
        }
        Long seed = null;
        if (columns.containsKey(SEED) && !f[columns.get(SEED)].isEmpty()) {
            try {
                seed = Long.parseLong(f[columns.get(SEED)]);
            } catch (NumberFormatException e) {
                throw bad(line, SEED, f, "is not an integer seed");
            }
        }
        return new CatalogRow(new GalaxyParams(flux, n, hlr, g1, g2), fwhm, sigma, seed, line);
    }

    private double number(String[] f, String column, int line) {
        String text = f[columns.get(column)];
        if (text.isEmpty()) throw new CatalogException(source, line, column, "the value is missing");
        if (!DECIMAL.matcher(text).matches()) throw bad(line, column, f, "is not a number");
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v)) throw bad(line, column, f, "is too large");
        return v;
    }

    private CatalogException bad(int line, String column, String[] f, String problem) {
        return new CatalogException(source, line, column, f[columns.get(column)] + " " + problem);
    }

    private String nameOf(int index) {
        for (Map.Entry<String, Integer> e : columns.entrySet()) if (e.getValue() == index) return e.getKey();
        return null;
    }
}
