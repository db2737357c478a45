package org.galaxyparams.io;

import static org.galaxyparams.io.DatasetKeys.*;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.header.IFitsHeader;
import nom.tam.fits.header.Standard;

import org.galaxyparams.sim.StampGeometry;

/** Converts {@link DatasetInfo} to and from primary-header keywords. */
final class DatasetHeader {
    private DatasetHeader() {}

    /** Adds the dataset keywords; {@code count} goes to NSAMPLE. Unknown (null/NaN) values are left out. */
    static void write(Header h, DatasetInfo info, int count) {
        h.addValue(NSAMPLE, count);
        h.addValue(SEED, info.seed());
        writeGeneral(h, info);
    }

    /** Adds the keywords shared by datasets and single stamps (all but NSAMPLE and SEED). */
    static void writeGeneral(Header h, DatasetInfo info) {
        StampGeometry g = info.geometry();
        FitsBlocks.addReal(h, PIXSCALE, g.pixelScale());
        if (g.offsetX() != 0 || g.offsetY() != 0) {
            FitsBlocks.addReal(h, OFFSETX, g.offsetX());
            FitsBlocks.addReal(h, OFFSETY, g.offsetY());
        }
        h.addValue(LONGSTRN, "OGIP 1.0");
        FitsBlocks.addText(h, PSFTYPE, info.psfType());
        FitsBlocks.addReal(h, PSFBETA, info.psfBeta());
        FitsBlocks.addText(h, PRESET, info.preset());
        FitsBlocks.addText(h, PRIOR, info.prior());
        FitsBlocks.addText(h, GPVERS, info.version());
        FitsBlocks.addText(h, GPCMD, info.command());
        h.addValue(Standard.BUNIT, "count");
    }

    /**
     * The info in a primary header, for stamps of {@code size} pixels. Only the pixel scale is required: PIXSCALE,
     * else the WCS (CD matrix or CDELT, see {@link HeaderScale}), else {@code defaultPixelScale} (arcsec/pixel) when
     * it is finite and > 0.
     *
     * @throws IllegalArgumentException naming the problem (caller adds the file name)
     */
    static DatasetInfo read(Header h, int size, double defaultPixelScale) {
        double scale = statedScale(h);
        if (Double.isNaN(scale)) scale = defaultPixelScale;
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("the header has no PIXSCALE keyword (arcsec/pixel) and no WCS scale (CD or CDELT):"
                    + " add one, or give the pixel scale explicitly");
        }
        if (size < 8 || size > 1024) {
            throw new IllegalArgumentException("stamps are " + size + "x" + size + " pixels; supported sizes are 8-1024");
        }
        StampGeometry g = new StampGeometry(size, scale, real(h, OFFSETX, 0), real(h, OFFSETY, 0));
        return new DatasetInfo(g, text(h, PSFTYPE), real(h, PSFBETA, Double.NaN), text(h, PRESET), text(h, PRIOR),
                h.getLongValue(SEED, 0), text(h, GPCMD), text(h, GPVERS));
    }

    /** The pixel scale a header states, by the one rule: PIXSCALE, else the WCS ({@link HeaderScale}); NaN when none. */
    static double statedScale(Header h) {
        double scale = real(h, PIXSCALE, Double.NaN);
        if (!Double.isNaN(scale)) return scale;
        StringBuilder text = new StringBuilder();
        for (var cards = h.iterator(); cards.hasNext(); ) text.append(cards.next().toString()).append('\n');
        HeaderScale.Scale wcs = HeaderScale.of(text.toString());
        return wcs != null ? wcs.arcsecPerPixel() : Double.NaN;
    }

    /** A numeric keyword's value, {@code absent} if missing; a non-numeric value is an error. */
    static double real(Header h, IFitsHeader key, double absent) {
        HeaderCard c = h.findCard(key);
        if (c == null || c.getValue() == null || c.getValue().isBlank()) return absent;
        try {
            return Double.parseDouble(c.getValue().trim().replace('D', 'E').replace('d', 'e'));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("keyword " + key.key() + " = " + c.getValue() + " is not a number");
        }
    }

    /** A text keyword's value, null if missing or blank. */
    static String text(Header h, IFitsHeader key) {
        String v = h.getStringValue(key, null);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
