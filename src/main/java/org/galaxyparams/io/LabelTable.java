package org.galaxyparams.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nom.tam.fits.header.Standard;

/**
 * The numeric scalar columns of a binary table HDU, read by name (case-insensitive). Types D, E, K, J, I and B
 * are accepted; doubles and 64-bit integers come back exactly as stored.
 */
final class LabelTable {
    /**
     * rT with an optional repeat r and a type T (FITS 4.0, 7.3.1). After T only the array descriptors P and Q take
     * more (an element type and an optional maximum length), and A an optional substring width: anything else
     * (e.g. 'ED') is refused rather than read as the first letter.
     */
    private static final Pattern TFORM = Pattern.compile("\\s*(\\d*)([LXBIJKEDCM]|A(?:\\d+)?|[PQ][LXBIJKAEDCM](?:\\(\\d+\\))?)\\s*");

    private final FitsHdu hdu;
    private final ByteBuffer rows;
    private final int rowBytes;
    private final int rowCount;
    private final String file;

    LabelTable(FileBytes in, FitsHdu hdu, String file) throws IOException {
        this.hdu = hdu;
        this.file = file;
        this.rowBytes = Math.toIntExact(hdu.axis(1));
        this.rowCount = Math.toIntExact(hdu.axis(2));
        this.rows = ByteBuffer.wrap(in.read(hdu.dataOffset(), Math.toIntExact((long) rowBytes * rowCount)));
        checkColumns();
    }

    /** Every TFORMn parses, every column has a TTYPEn, and the columns fill NAXIS1 bytes exactly. */
    private void checkColumns() throws IOException {
        int fields = hdu.header().getIntValue(Standard.TFIELDS, -1);
        if (fields < 0) throw error("has no TFIELDS keyword");
        long width = 0;
        for (int k = 1; k <= fields; k++) {
            String form = hdu.header().getStringValue(Standard.TFORMn.n(k), null);
            if (form == null) throw error("has no TFORM" + k + " keyword for column " + k + " of " + fields);
            Matcher m = TFORM.matcher(form.toUpperCase(Locale.ROOT));
            if (!m.matches()) throw error("column " + k + " has an invalid TFORM" + k + " '" + form + "'");
            if (hdu.header().getStringValue(Standard.TTYPEn.n(k), "").isBlank())
                throw error("column " + k + " has no TTYPE" + k + " (name)");
            width += columnBytes(m);
        }
        if (width != rowBytes)
            throw error("rows are NAXIS1 = " + rowBytes + " bytes wide but the TFORM keywords of its " + fields + " columns add up to "
                    + width + " bytes: the table is corrupt");
    }

    private static long columnBytes(Matcher m) {
        int repeat = m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1));
        char type = m.group(2).charAt(0);
        return type == 'X' ? (repeat + 7) / 8 : (long) repeat * width(type);
    }

    int rowCount() { return rowCount; }

    /** Column {@code name} as doubles, or null if the table has no such column. */
    double[] doubles(String name) throws IOException {
        Column c = find(name);
        if (c == null) return null;
        double[] out = new double[rowCount];
        for (int r = 0; r < rowCount; r++) {
            int at = r * rowBytes + c.offset;
            double v = switch (c.type) {
                case 'D' -> rows.getDouble(at);
                case 'E' -> rows.getFloat(at);
                case 'K' -> rows.getLong(at);
                case 'J' -> rows.getInt(at);
                case 'I' -> rows.getShort(at);
                default -> rows.get(at) & 0xff;
            };
            out[r] = c.scaled ? c.zero + c.scale * v : v;
        }
        return out;
    }

    /** Column {@code name} as 64-bit integers (exact for K columns), or null if the table has no such column. */
    long[] longs(String name) throws IOException {
        Column c = find(name);
        if (c == null) return null;
        if (c.type != 'K' || c.scaled) {
            double[] d = doubles(name);
            long[] out = new long[rowCount];
            for (int r = 0; r < rowCount; r++) out[r] = (long) d[r];
            return out;
        }
        long[] out = new long[rowCount];
        for (int r = 0; r < rowCount; r++) out[r] = rows.getLong(r * rowBytes + c.offset);
        return out;
    }

    private record Column(char type, int offset, boolean scaled, double scale, double zero) {}

    private Column find(String name) throws IOException {
        int fields = hdu.header().getIntValue(Standard.TFIELDS, 0);
        int offset = 0;
        for (int k = 1; k <= fields; k++) {
            String form = hdu.header().getStringValue(Standard.TFORMn.n(k), "");
            Matcher m = TFORM.matcher(form.toUpperCase(Locale.ROOT));
            if (!m.matches()) throw error("column " + k + " has an invalid TFORM" + k + " '" + form + "'");
            int repeat = m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1));
            char type = m.group(2).charAt(0);
            String ttype = hdu.header().getStringValue(Standard.TTYPEn.n(k), "");
            if (ttype.trim().equalsIgnoreCase(name)) {
                if (repeat != 1 || "DEKJIB".indexOf(type) < 0) {
                    throw error("column " + name + " has TFORM '" + form + "'; expected one number per row (D, E, K, J, I or B)");
                }
                boolean scaled = hdu.header().containsKey(Standard.TSCALn.n(k)) || hdu.header().containsKey(Standard.TZEROn.n(k));
                return new Column(type, offset, scaled, hdu.header().getDoubleValue(Standard.TSCALn.n(k), 1.0),
                        hdu.header().getDoubleValue(Standard.TZEROn.n(k), 0.0));
            }
            offset += (int) columnBytes(m);
        }
        return null;
    }

    private static int width(char type) {
        return switch (type) {
            case 'L', 'B', 'A' -> 1;
            case 'I' -> 2;
            case 'J', 'E' -> 4;
            case 'K', 'D', 'C', 'P' -> 8;
            default -> 16; // M, Q
        };
    }

    private IOException error(String what) { return new IOException(file + ": " + hdu.describe() + " " + what); }
}
