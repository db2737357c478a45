package org.galaxyparams.io;

import static org.galaxyparams.io.FitsBlocks.BLOCK;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import nom.tam.fits.Header;
import nom.tam.fits.header.Standard;
import nom.tam.util.FitsInputStream;

/**
 * Walks the HDUs of a FITS file: reads each header (parsed by nom-tam-fits) and checks that its data is really
 * there, so a truncated or corrupt file fails here with a message instead of giving wrong numbers later.
 */
final class FitsScanner {
    private static final int CARD = 80;
    private static final int MAX_HEADER_BLOCKS = 1000;

    private FitsScanner() {}

    /** All HDUs of the file; bytes after the last complete HDU that do not start an extension are ignored. */
    static List<FitsHdu> scan(FileBytes ch, String file) throws IOException {
        long length = ch.length();
        if (length == 0) throw new IOException(file + " is empty, not a FITS file");
        byte[] start = ch.read(0, (int) Math.min(CARD, length));
        String first = new String(start, StandardCharsets.US_ASCII);
        String simple = "SIMPLE  =";
        if (!first.startsWith(simple) && !simple.startsWith(first)) {
            throw new IOException(file + " is not a FITS file (it does not start with SIMPLE = T)");
        }
        if (length < BLOCK) {
            throw new IOException(file + " is truncated: it has only " + length + " bytes, less than one 2880-byte FITS header");
        }
        if (first.charAt(29) != 'T') {
            throw new IOException(file + " is not a standard FITS file (SIMPLE is not T)");
        }
        List<FitsHdu> hdus = new ArrayList<>();
        long offset = 0;
        while (true) {
            int index = hdus.size();
            byte[] headerBytes = readHeader(ch, offset, length, file, index);
            Header header = parse(headerBytes, file, index);
            long dataOffset = offset + headerBytes.length;
            long dataBytes = dataBytes(header, file, index);
            FitsHdu hdu = new FitsHdu(index, header, dataOffset, dataBytes);
            if (dataOffset + dataBytes > length) {
                throw new IOException(file + " is truncated: " + hdu.describe() + " needs " + dataBytes
                        + " bytes of data from byte " + dataOffset + ", but the file ends at byte " + length);
            }
            hdus.add(hdu);
            offset = dataOffset + FitsBlocks.padded(dataBytes);
            if (offset >= length) return hdus;
            String next = new String(ch.read(offset, (int) Math.min(8, length - offset)), StandardCharsets.US_ASCII);
            if (!next.equals("XTENSION")) return hdus;
        }
    }

    /** The header blocks from {@code offset} up to and including the one holding the END card. */
    private static byte[] readHeader(FileBytes ch, long offset, long length, String file, int index) throws IOException {
        for (int blocks = 1; blocks <= MAX_HEADER_BLOCKS; blocks++) {
            long end = offset + (long) blocks * BLOCK;
            if (end > length) {
                throw new IOException(file + " is truncated: the header of HDU " + index + " (from byte " + offset
                        + ") has no END card before the file ends at byte " + length);
            }
            byte[] block = ch.read(end - BLOCK, BLOCK);
            for (int c = 0; c < BLOCK; c += CARD) {
                for (int k = c; k < c + CARD; k++) {
                    if (block[k] < 0x20 || block[k] > 0x7e) {
                        throw new IOException(file + " is corrupt: the header of HDU " + index + " holds a non-text byte at byte "
                                + (end - BLOCK + k) + " (a truncated or overwritten file?)");
                    }
                }
                if (isEnd(block, c)) return ch.read(offset, blocks * BLOCK);
            }
        }
        throw new IOException(file + " is corrupt: the header of HDU " + index + " has no END card in "
                + MAX_HEADER_BLOCKS + " blocks");
    }

    private static boolean isEnd(byte[] block, int card) {
        if (block[card] != 'E' || block[card + 1] != 'N' || block[card + 2] != 'D') return false;
        for (int k = card + 3; k < card + 8; k++) if (block[k] != ' ') return false;
        return true;
    }

    private static Header parse(byte[] bytes, String file, int index) throws IOException {
        try (FitsInputStream in = new FitsInputStream(new ByteArrayInputStream(bytes))) {
            return new Header(in);
        } catch (Exception e) {
            throw new IOException(file + " is corrupt: cannot parse the header of HDU " + index + ": " + e.getMessage(), e);
        }
    }

    /** Data size in bytes from BITPIX, NAXISn, PCOUNT and GCOUNT (FITS standard 4.4.1). */
    private static long dataBytes(Header h, String file, int index) throws IOException {
        String where = file + " is corrupt: HDU " + index + " has ";
        int bitpix = h.getIntValue(Standard.BITPIX, 0);
        if (bitpix != 8 && bitpix != 16 && bitpix != 32 && bitpix != 64 && bitpix != -32 && bitpix != -64) {
            throw new IOException(where + "BITPIX = " + bitpix + "; FITS allows 8, 16, 32, 64, -32, -64");
        }
        int naxis = h.getIntValue(Standard.NAXIS, -1);
        if (naxis < 0 || naxis > 999) throw new IOException(where + "a missing or invalid NAXIS");
        if (naxis == 0) return 0;
        boolean groups = index == 0 && h.getBooleanValue(Standard.GROUPS, false) && h.getLongValue(Standard.NAXIS1, 0) == 0;
        try {
            long n = 1;
            for (int i = groups ? 2 : 1; i <= naxis; i++) {
                long len = h.getLongValue(Standard.NAXISn.n(i), -1);
                if (len < 0) throw new IOException(where + "a missing or negative NAXIS" + i);
                n = Math.multiplyExact(n, len);
            }
            n = Math.multiplyExact(Math.addExact(n, h.getLongValue(Standard.PCOUNT, 0)), h.getLongValue(Standard.GCOUNT, 1));
            return Math.multiplyExact(n, Math.abs(bitpix) / 8);
        } catch (ArithmeticException e) {
            throw new IOException(where + "an impossible data size (NAXISn too large)");
        }
    }
}
