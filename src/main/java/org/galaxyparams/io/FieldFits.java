package org.galaxyparams.io;

import static org.galaxyparams.io.DatasetKeys.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCardException;
import nom.tam.fits.header.Bitpix;
import nom.tam.fits.header.Standard;
import org.galaxyparams.field.FieldImage;
import org.galaxyparams.field.TanWcs;

/**
 * Survey fields and catalogs as FITS: reads a 2-D image with what its header says (pixel scale, PSF FWHM, sigma,
 * saturation, WCS), writes a simulated field, and writes a catalog as a binary table.
 */
public final class FieldFits {
    /** The saturation keyword SExtractor and most pipelines read. */
    public static final String SATURATE = "SATURATE";

    private FieldFits() {}

    /**
     * The first 2-D image of the file (the primary HDU, or the first IMAGE extension when the primary is empty).
     *
     * @throws IOException naming the file and the problem: not FITS, truncated, no 2-D image, a cube
     */
    public static FieldImage read(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (FileBytes bytes = new FileBytes(file)) {
            List<FitsHdu> hdus = FitsScanner.scan(bytes, name);
            for (FitsHdu hdu : hdus) {
                if (!(hdu.kind().equals("PRIMARY") || hdu.kind().equals("IMAGE")) || hdu.naxis() == 0) continue;
                long w = hdu.axis(1), h = hdu.axis(2), planes = hdu.axis(3) * hdu.axis(4);
                if (hdu.naxis() < 2) throw new IOException(name + ": " + hdu.describe() + " is 1-D, not a field image");
                if (planes > 1) throw new IOException(name + ": " + hdu.describe() + " is a cube of " + planes + " planes; a field is one 2-D"
                        + " image: measure stamps with 'estimate', or split the cube");
                if (w * h > Integer.MAX_VALUE - 8)
                    throw new IOException(name + ": " + w + " x " + h + " pixels is more than one array holds; cut the field into tiles");
                float[] px = ImagePlanes.read(bytes, hdu, 0);
                // keywords may sit in the primary header when the image is an extension
                return field(name, px, (int) w, (int) h, hdu.header(), hdus.get(0).header());
            }
            throw new IOException(name + " holds no 2-D image (every HDU is empty or a table)");
        }
    }

    /**
     * A field from its pixels and header: pixel scale (PIXSCALE, else the WCS), PSF_FWHM or PSFFWHM, SIGMA, SATURATE
     * and the TAN WCS, each looked for in {@code header} then {@code primary}; the note says why there are no sky
     * coordinates. The one reading of a field's header, for files and for Fiji's images alike.
     */
    public static FieldImage field(String name, float[] px, int w, int h, Header header, Header primary) {
        TanWcs wcs = null;
        String note = "";
        try {
            wcs = TanWcs.fromHeader(header);
            if (wcs == null) note = "no WCS in the header: positions in pixels only";
        } catch (IllegalArgumentException e) {
            note = "WCS not used (" + e.getMessage() + "): positions in pixels only";
        }
        double scale = DatasetHeader.statedScale(header);
        if (Double.isNaN(scale)) scale = DatasetHeader.statedScale(primary);
        return new FieldImage(name, px, w, h, scale, first(header, primary, PSF_FWHM.key(), PSFFWHM.key()), first(header, primary, SIGMA.key()),
                first(header, primary, SATURATE), wcs, note);
    }

    private static double first(Header a, Header b, String... keys) {
        for (Header h : new Header[] {a, b})
            for (String k : keys)
                if (h.containsKey(k)) {
                    double v = h.getDoubleValue(k, Double.NaN);
                    if (Double.isFinite(v) && v > 0) return v;
                }
        return Double.NaN;
    }

    /**
     * Writes a field as a float32 image: PIXSCALE, PSF_FWHM, PSFTYPE, PSFBETA, SIGMA, the WCS when there is one, and
     * {@code extra} keyword/value pairs (numbers or text) such as the generator's seed and command.
     */
    public static void write(Path out, FieldImage field, String psfType, double psfBeta, Object... extra) throws IOException {
        Header h = FitsBlocks.imageHeader(null, field.width(), field.height());
        FitsBlocks.addReal(h, PIXSCALE, field.pixelScale());
        FitsBlocks.addReal(h, PSF_FWHM, field.psfFwhm());
        FitsBlocks.addText(h, PSFTYPE, psfType);
        FitsBlocks.addReal(h, PSFBETA, psfBeta);
        FitsBlocks.addReal(h, SIGMA, field.sigma());
        h.addValue(LONGSTRN, "OGIP 1.0");
        try {
            if (field.wcs() != null) field.wcs().writeTo(h);
            for (int i = 0; i + 1 < extra.length; i += 2) {
                String key = (String) extra[i];
                Object v = extra[i + 1];
                if (v instanceof Number n) {
                    if (v instanceof Long || v instanceof Integer) h.addValue(key, n.longValue(), null);
                    else if (Double.isFinite(n.doubleValue())) h.addValue(key, n.doubleValue(), null);
                } else if (v != null) {
                    h.addValue(key, FitsBlocks.fitsText(v.toString()), null);
                }
            }
        } catch (HeaderCardException e) {
            throw new IOException("cannot write the header of " + out + ": " + e.getMessage(), e);
        }
        h.addValue(Standard.BUNIT, "count");
        try (OutputFile f = OutputFile.open(out)) {
            OutputStream o = f.stream();
            o.write(FitsBlocks.toBytes(h));
            // row by row: a 4096^2 field needs no second 64 MB buffer
            ByteBuffer row = FitsBlocks.floatBuffer(field.width());
            float[] line = new float[field.width()];
            for (int y = 0; y < field.height(); y++) {
                System.arraycopy(field.pixels(), y * field.width(), line, 0, field.width());
                o.write(FitsBlocks.put(row, line).array());
            }
            o.write(FitsBlocks.padding((long) field.pixels().length * 4));
            f.commit();
        }
    }

    /** A column of a catalog table: numbers (NaN for missing) or text. */
    public record Column(String name, String unit, double[] numbers, String[] text) {}

    /**
     * Writes a catalog as an empty primary HDU and a binary table (EXTNAME CATALOG): numbers as 64-bit floats (NaN for
     * a missing value, as astropy reads it), text as fixed-width ASCII. {@code keys} go to the table's header.
     */
    public static void writeTable(Path out, List<Column> columns, int rows, Object... keys) throws IOException {
        int[] widths = new int[columns.size()];
        int rowBytes = 0;
        for (int c = 0; c < widths.length; c++) {
            Column col = columns.get(c);
            if (col.text() != null) {
                int w = 1;
                for (String s : col.text()) w = Math.max(w, s == null ? 0 : FitsBlocks.fitsText(s).length());
                widths[c] = w;
            } else {
                widths[c] = 8;
            }
            rowBytes += widths[c];
        }
        Header h = new Header();
        h.setXtension("BINTABLE");
        h.setBitpix(Bitpix.BYTE);
        h.setNaxes(2);
        h.setNaxis(1, rowBytes);
        h.setNaxis(2, rows);
        h.addValue(Standard.PCOUNT, 0);
        h.addValue(Standard.GCOUNT, 1);
        h.addValue(Standard.TFIELDS, columns.size());
        for (int c = 0; c < widths.length; c++) {
            Column col = columns.get(c);
            h.addValue(Standard.TTYPEn.n(c + 1), col.name());
            h.addValue(Standard.TFORMn.n(c + 1), col.text() != null ? widths[c] + "A" : "1D");
            if (col.unit() != null && !col.unit().isEmpty()) h.addValue(Standard.TUNITn.n(c + 1), col.unit());
        }
        h.addValue(Standard.EXTNAME, "CATALOG");
        try {
            for (int i = 0; i + 1 < keys.length; i += 2)
                if (keys[i + 1] != null) h.addValue((String) keys[i], FitsBlocks.fitsText(keys[i + 1].toString()), null);
        } catch (HeaderCardException e) {
            throw new IOException("cannot write the header of " + out + ": " + e.getMessage(), e);
        }
        try (OutputFile f = OutputFile.open(out)) {
            OutputStream o = f.stream();
            o.write(FitsBlocks.toBytes(FitsBlocks.imageHeader(null)));
            o.write(FitsBlocks.toBytes(h));
            ByteBuffer row = ByteBuffer.allocate(rowBytes).order(ByteOrder.BIG_ENDIAN);
            for (int r = 0; r < rows; r++) {
                row.clear();
                for (int c = 0; c < widths.length; c++) {
                    Column col = columns.get(c);
                    if (col.text() != null) {
                        byte[] s = FitsBlocks.fitsText(col.text()[r] == null ? "" : col.text()[r]).getBytes(StandardCharsets.US_ASCII);
                        row.put(s, 0, Math.min(s.length, widths[c]));
                        for (int k = s.length; k < widths[c]; k++) row.put((byte) ' ');
                    } else {
                        row.putDouble(col.numbers()[r]);
                    }
                }
                o.write(row.array());
            }
            o.write(FitsBlocks.padding((long) rowBytes * rows));
            f.commit();
        }
    }
}
