package org.galaxyparams.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import nom.tam.fits.header.Standard;

/**
 * Reads one 2-D plane of an image HDU as float32, straight from the file (no whole-cube load). float32 data
 * without BSCALE/BZERO comes back bit for bit; other types are scaled (value = BZERO + BSCALE * stored) and
 * integer BLANK pixels become NaN.
 */
final class ImagePlanes {
    private ImagePlanes() {}

    static float[] read(FileBytes file, FitsHdu hdu, long plane) throws IOException {
        int pixels = Math.toIntExact(hdu.axis(1) * hdu.axis(2));
        int bitpix = hdu.bitpix();
        int bytes = Math.abs(bitpix) / 8;
        ByteBuffer b = ByteBuffer.wrap(file.read(hdu.dataOffset() + plane * pixels * bytes, pixels * bytes))
                .order(ByteOrder.BIG_ENDIAN);
        double scale = hdu.header().getDoubleValue(Standard.BSCALE, 1.0);
        double zero = hdu.header().getDoubleValue(Standard.BZERO, 0.0);
        boolean hasBlank = hdu.header().containsKey(Standard.BLANK);
        long blank = hdu.header().getLongValue(Standard.BLANK, 0);
        float[] out = new float[pixels];
        if (bitpix == -32) {
            b.asFloatBuffer().get(out);
            if (scale != 1 || zero != 0) for (int i = 0; i < pixels; i++) out[i] = (float) (zero + scale * out[i]);
            return out;
        }
        for (int i = 0; i < pixels; i++) {
            double v;
            if (bitpix == -64) {
                v = b.getDouble();
            } else {
                long raw = switch (bitpix) {
                    case 8 -> b.get() & 0xff;
                    case 16 -> b.getShort();
                    case 32 -> b.getInt();
                    default -> b.getLong();
                };
                if (hasBlank && raw == blank) {
                    out[i] = Float.NaN;
                    continue;
                }
                v = raw;
            }
            out[i] = (float) (zero + scale * v);
        }
        return out;
    }
}
