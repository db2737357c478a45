package org.galaxyparams.ij;

import ij.ImagePlus;
import ij.process.ImageProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.HeaderCardException;
import org.galaxyparams.field.FieldImage;
import org.galaxyparams.field.TanWcs;
import org.galaxyparams.io.FieldFits;

/**
 * An open image as the field workflow's {@link FieldImage}, with what its FITS header says, read as
 * {@link FieldFits#read} reads a file, so that a field measured in Fiji and by {@code catalog} gives the same rows.
 *
 * <p><b>Rows.</b> ImageJ's FITS reader keeps the header cards as lines of the image's "Info" and shows the first
 * FITS row at the bottom (it flips the rows, unless {@code setOption("FlipFitsImages", false)}). The workflow, the
 * WCS and the shear all count rows as the file stores them, so an image whose Info holds a FITS header is flipped
 * back here: field y = height - ImageJ y. Other images (TIFF, made in ImageJ) are taken row for row.
 */
public final class FieldImages {
    /** An open image as a field: the field, and whether its rows are shown flipped (field y = height - ImageJ y). */
    public record Mapped(FieldImage field, boolean flipped) {
        /** ImageJ's y of a field y (continuous coordinates, pixel i spanning [i, i + 1) in both). */
        public double screenY(double y) { return flipped ? field.height() - y : y; }
    }

    private FieldImages() {}

    /**
     * @throws IllegalArgumentException naming the problem and the fix: 8-bit, RGB, a stack
     */
    public static Mapped of(ImagePlus imp) {
        checkPixelType(imp);
        if (imp.getStackSize() > 1)
            throw new IllegalArgumentException(imp.getTitle() + " is a stack of " + imp.getStackSize() + " images; a field is one 2-D image:"
                    + " pick one slice with Image>Duplicate (untick 'Duplicate stack'), then run Measure Field on it");
        int w = imp.getWidth(), h = imp.getHeight();
        String info = imp.getInfoProperty();
        Header header = header(info);
        boolean fits = isFitsHeader(header);
        int bitpix = header.getIntValue("BITPIX", 0);
        if (fits && bitpix < 0 && imp.getBitDepth() != 32)
            throw new IllegalArgumentException(imp.getTitle() + " was converted to " + imp.getBitDepth() + "-bit after opening: its FITS file"
                    + " holds floating-point counts (BITPIX " + bitpix + "), and the conversion rescaled them, so the header's SIGMA and"
                    + " SATURATE no longer fit them; reopen the file (or convert back with Image>Type>32-bit before any other change)");
        boolean flipped = fits && fitsReaderFlips();
        float[] px = pixels(imp.getProcessor(), imp.getCalibration().getCTable(), flipped);

        // the header read as a file's is (FieldFits.field); then what ImageJ knows better: its calibration, its size
        FieldImage read = FieldFits.field(imp.getTitle(), px, w, h, header, new Header());
        TanWcs wcs = read.wcs();
        String note = read.wcsNote();
        long n1 = header.getLongValue("NAXIS1", w), n2 = header.getLongValue("NAXIS2", h);
        if (wcs != null && (n1 != w || n2 != h)) {
            wcs = null;
            note = String.format(Locale.ROOT, "WCS not used (the header describes a %d x %d image but %s is %d x %d: cropped or scaled after"
                    + " opening; measure the file itself for sky coordinates): positions in pixels only", n1, n2, imp.getTitle(), w, h);
        }
        double scale = GalaxyImages.pixelScaleArcsec(imp);
        if (!(scale > 0)) scale = read.pixelScale();
        FieldImage field = new FieldImage(imp.getTitle(), px, w, h, scale, read.psfFwhm(), read.sigma(), read.saturation(), wcs, note);
        return new Mapped(field, flipped);
    }

    /** The estimate workflow's pixel-type check: counts, not display levels or colours. */
    static void checkPixelType(ImagePlus imp) { org.galaxyparams.app.Estimation.checkPixelType(imp.getTitle(), imp.getBitDepth()); }

    /** Counts, row-major, rows flipped back when asked; calibrated values for 16-bit (a FITS BZERO/BSCALE). A copy. */
    static float[] pixels(ImageProcessor ip, float[] cTable, boolean flip) {
        int w = ip.getWidth(), h = ip.getHeight();
        float[] out = new float[w * h];
        Object raw = ip.getPixels();
        for (int y = 0; y < h; y++) {
            int from = (flip ? h - 1 - y : y) * w, to = y * w;
            if (raw instanceof float[] f) {
                System.arraycopy(f, from, out, to, w);
            } else if (raw instanceof short[] s) {
                for (int x = 0; x < w; x++) {
                    int v = s[from + x] & 0xffff;
                    out[to + x] = cTable != null && v < cTable.length ? cTable[v] : v;
                }
            } else {
                for (int x = 0; x < w; x++) out[to + x] = ip.getPixelValue(x, from / w);
            }
        }
        return out;
    }

    /**
     * The header cards among {@code info}'s lines (ImageJ's FITS reader keeps one 80-column card per line); lines that
     * are not cards (text of other readers, END, blank) are skipped. Empty when there are none.
     */
    public static Header header(String info) {
        Header h = new Header();
        if (info == null) return h;
        for (String line : info.split("\r?\n")) {
            if (line.isBlank() || line.length() > HeaderCard.FITS_HEADER_CARD_SIZE || line.startsWith("END ") || line.equals("END")) continue;
            try {
                HeaderCard card = HeaderCard.create(line);
                if (card.getKey() == null || card.getKey().isBlank()) continue;
                h.addLine(card);
            } catch (RuntimeException notACard) {
                // not a header card (nom-tam-fits says why with an IllegalArgumentException or a subclass): skipped
            }
        }
        return h;
    }

    /** Whether a header is a FITS image's own (ImageJ's FITS reader made the image): it says SIMPLE or XTENSION, and NAXIS. */
    static boolean isFitsHeader(Header h) {
        return (h.containsKey("SIMPLE") || h.containsKey("XTENSION")) && h.containsKey("NAXIS");
    }

    /**
     * Whether ImageJ's FITS reader flips rows (its default; {@code setOption("FlipFitsImages", false)} turns it off).
     * The setting has no getter, so it is read from the reader's field; true when that cannot be read.
     */
    public static boolean fitsReaderFlips() {
        try {
            java.lang.reflect.Field f = ij.plugin.FITS_Reader.class.getDeclaredField("flipImages");
            f.setAccessible(true);
            return f.getBoolean(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return true;
        }
    }


    /**
     * Header lines for an image's "Info" such as ImageJ's FITS reader writes for a 2-D float32 image: SIMPLE,
     * BITPIX, NAXIS..., then {@code cards}, then END; one 80-column card per line (a long text value continues on
     * CONTINUE lines).
     */
    public static String fitsInfo(int width, int height, Header cards) throws HeaderCardException {
        Header h = new Header();
        h.addValue("SIMPLE", true, "conforms to the FITS standard");
        h.addValue("BITPIX", -32, "bits per data element");
        h.addValue("NAXIS", 2, "dimensionality of data");
        h.addValue("NAXIS1", width, "n'th data dimension");
        h.addValue("NAXIS2", height, "n'th data dimension");
        List<String> lines = new ArrayList<>();
        for (Header part : new Header[] {h, cards})
            for (var it = part.iterator(); it.hasNext(); ) {
                String card = it.next().toString();
                for (int i = 0; i < card.length(); i += HeaderCard.FITS_HEADER_CARD_SIZE)
                    lines.add(card.substring(i, Math.min(card.length(), i + HeaderCard.FITS_HEADER_CARD_SIZE)));
            }
        lines.add(String.format(Locale.ROOT, "%-80s", "END"));
        return String.join("\n", lines) + "\n";
    }
}
