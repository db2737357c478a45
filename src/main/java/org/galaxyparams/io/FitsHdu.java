package org.galaxyparams.io;

import java.util.Locale;

import nom.tam.fits.Header;
import nom.tam.fits.header.Standard;

/**
 * One header-data unit found in a file: its parsed header and where its data lies.
 *
 * @param index 0 for the primary HDU
 * @param dataOffset byte offset of the data in the file
 * @param dataBytes data size in bytes, without the padding to a 2880-byte block
 */
record FitsHdu(int index, Header header, long dataOffset, long dataBytes) {
    /** EXTNAME in upper case, or null. */
    String name() {
        String n = header.getStringValue(Standard.EXTNAME, null);
        return n == null ? null : n.trim().toUpperCase(Locale.ROOT);
    }

    /** XTENSION (e.g. "IMAGE", "BINTABLE"), or "PRIMARY" for the primary HDU. */
    String kind() {
        if (index == 0) return "PRIMARY";
        String x = header.getStringValue(Standard.XTENSION, "");
        return x.trim().toUpperCase(Locale.ROOT);
    }

    int naxis() { return header.getIntValue(Standard.NAXIS, 0); }

    /** Length of axis {@code i} (1-based), 1 for an axis beyond NAXIS. */
    long axis(int i) { return i > naxis() ? 1 : header.getLongValue(Standard.NAXISn.n(i), 0); }

    int bitpix() { return header.getIntValue(Standard.BITPIX, 0); }

    /** How the HDU is named in messages, e.g. "HDU 2 (EXTNAME 'PSF')". */
    String describe() {
        return index == 0 ? "the primary HDU" : "HDU " + index + (name() == null ? "" : " (EXTNAME '" + name() + "')");
    }
}
