package org.galaxyparams.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TIFF stamps in folder mode: counts read as stored; stacks, colour and 8-bit refused with the reason. */
class TiffStampTest {
    @TempDir
    Path dir;

    static BufferedImage image(int type, int value) {
        BufferedImage img = new BufferedImage(64, 64, type);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img.getRaster().setSample(x, y, 0, value + x + 64 * (y % 4));
        return img;
    }

    static Path write(Path file, BufferedImage... pages) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            w.setOutput(out);
            w.prepareWriteSequence(null);
            for (BufferedImage p : pages) w.writeToSequence(new IIOImage(p, null, null), null);
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
        return file;
    }

    @Test
    void aSixteenBitStampReadsItsCountsWithAnAssumedScaleNote() throws IOException {
        Path f = write(dir.resolve("s.tif"), image(BufferedImage.TYPE_USHORT_GRAY, 1000));
        StampSource.FileStamps read = StampSource.read(f, 0.23);
        float[] px = read.stamps().get(0).pixels();
        assertEquals(1000 + 5 + 64 * 3, px[3 * 64 + 5], 0);
        try (StampSource.StampFile sf = StampSource.open(f, 0.23)) {
            assertEquals(1, sf.count());
            assertTrue(sf.scaleNote().contains("assumed 0.23"), sf.scaleNote());
        }
    }

    @Test
    void stacksColourAndEightBitAreRefusedWithTheReason() throws IOException {
        Path stack = write(dir.resolve("stack.tif"), image(BufferedImage.TYPE_USHORT_GRAY, 1), image(BufferedImage.TYPE_USHORT_GRAY, 2));
        IOException e = assertThrows(IOException.class, () -> StampSource.read(stack, 0.23));
        assertTrue(e.getMessage().contains("holds 2 images"), e.getMessage());
        Path rgb = write(dir.resolve("rgb.tif"), image(BufferedImage.TYPE_INT_RGB, 1));
        e = assertThrows(IOException.class, () -> StampSource.read(rgb, 0.23));
        assertTrue(e.getMessage().contains("colour channels"), e.getMessage());
        Path bytes = write(dir.resolve("byte.tif"), image(BufferedImage.TYPE_BYTE_GRAY, 1));
        e = assertThrows(IOException.class, () -> StampSource.read(bytes, 0.23));
        assertTrue(e.getMessage().contains("is 8-bit") && e.getMessage().contains("not counts"), e.getMessage());
    }
}
