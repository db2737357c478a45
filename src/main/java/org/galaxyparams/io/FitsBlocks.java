package org.galaxyparams.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.header.Bitpix;
import nom.tam.fits.header.IFitsHeader;
import nom.tam.fits.header.Standard;
import nom.tam.util.FitsOutputStream;

/** Low-level FITS pieces shared by the writers: 2880-byte blocks, header serialisation, big-endian pixels. */
final class FitsBlocks {
    static final int BLOCK = 2880;
    /** Longest text written to a header keyword (about 60 CONTINUE cards). */
    static final int MAX_TEXT = 4000;

    private FitsBlocks() {}

    /** {@code bytes} rounded up to whole 2880-byte blocks. */
    static long padded(long bytes) { return (bytes + BLOCK - 1) / BLOCK * BLOCK; }

    /** Zero bytes needed after {@code bytes} of data to end on a block boundary. */
    static byte[] padding(long bytes) { return new byte[(int) (padded(bytes) - bytes)]; }

    /** Header of a float32 image HDU; {@code extname} null for the primary HDU. No axes: an empty primary. */
    static Header imageHeader(String extname, int... axes) {
        Header h = new Header();
        if (extname == null) {
            h.setSimple(true);
            h.findCard(Standard.SIMPLE).setComment("conforms to the FITS standard");
        }
        else h.setXtension("IMAGE");
        h.setBitpix(Bitpix.FLOAT);
        h.setNaxes(axes.length);
        for (int i = 0; i < axes.length; i++) h.setNaxis(i + 1, axes[i]);
        if (extname == null) {
            h.addValue(Standard.EXTEND, true);
        } else {
            h.addValue(Standard.PCOUNT, 0);
            h.addValue(Standard.GCOUNT, 1);
            h.addValue(Standard.EXTNAME, extname);
        }
        return h;
    }

    /** A header's cards, END and blank padding to a whole block, as written to a file. */
    static byte[] toBytes(Header h) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (FitsOutputStream out = new FitsOutputStream(bytes)) {
            h.write(out);
        } catch (FitsException e) {
            throw new IOException("cannot serialise FITS header: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** Adds a real keyword with all the digits needed to read back the same double; skips NaN/infinite. */
    static void addReal(Header h, IFitsHeader key, double value) {
        if (Double.isFinite(value)) h.addValue(key, new BigDecimal(Double.toString(value)));
    }

    /** Adds a text keyword (long text as CONTINUE cards); skips null. */
    static void addText(Header h, IFitsHeader key, String value) {
        if (value != null) h.addValue(key, fitsText(value));
    }

    /**
     * Text a FITS header can hold: printable ASCII only (others become '?'), no trailing blanks (FITS drops
     * them), at most {@link #MAX_TEXT} characters (longer text ends in "...").
     */
    static String fitsText(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_TEXT));
        for (int i = 0; i < s.length() && b.length() < MAX_TEXT; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (s.length() > MAX_TEXT) b.replace(MAX_TEXT - 3, MAX_TEXT, "...");
        return b.toString().stripTrailing();
    }

    /** A big-endian buffer for {@code pixels} float32 values. */
    static ByteBuffer floatBuffer(int pixels) { return ByteBuffer.allocate(pixels * 4).order(ByteOrder.BIG_ENDIAN); }

    /** Fills {@code buffer} (from {@link #floatBuffer}) with the exact bits of {@code image}, ready to write. */
    static ByteBuffer put(ByteBuffer buffer, float[] image) {
        buffer.clear();
        buffer.asFloatBuffer().put(image);
        return buffer;
    }

    /** Renames a finished temporary file to its final name, atomically where the file system allows. */
    static void moveIntoPlace(Path temp, Path target) throws IOException {
        try { // temp files are created owner-only; a finished dataset is readable like any other file
            Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep its defaults
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
