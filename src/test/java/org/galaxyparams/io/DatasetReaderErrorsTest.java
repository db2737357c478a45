package org.galaxyparams.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged or foreign files give an IOException that names the file and the problem. */
class DatasetReaderErrorsTest {
    @TempDir
    Path dir;

    private byte[] dataset() throws IOException {
        Path f = dir.resolve("good.fits");
        DatasetWriter.write(f, TestSamples.info(), TestSamples.samples(4, true, true, true, true, true));
        return Files.readAllBytes(f);
    }

    private IOException openFails(byte[] content, String name) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        IOException e = assertThrows(IOException.class, () -> DatasetReader.open(f).close(), name);
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        return e;
    }

    @Test
    void everyTruncationIsDetected() throws IOException {
        byte[] full = dataset();
        // the LABELS data (4 rows of 72 bytes) ends 2880 - 288 bytes before the end: only its padding may go
        int dataEnd = full.length - (2880 - 4 * 72);
        for (int cut = 1; cut < dataEnd; cut += 97) {
            IOException e = openFails(Arrays.copyOf(full, cut), "cut" + cut + ".fits");
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("incomplete"), e.getMessage());
        }
        for (int cut : new int[] {2880, 2 * 2880, dataEnd - 1}) {
            openFails(Arrays.copyOf(full, cut), "block" + cut + ".fits");
        }
    }

    @Test
    void missingFinalPaddingIsTolerated() throws IOException {
        byte[] full = dataset();
        Path f = dir.resolve("unpadded.fits");
        Files.write(f, Arrays.copyOf(full, full.length - (2880 - 4 * 72)));
        try (DatasetReader r = DatasetReader.open(f)) {
            assertEquals(4, r.count());
        }
    }

    @Test
    void nonFitsAndEmptyFiles() throws IOException {
        assertTrue(openFails("flux,sersic_n\n1,2\n".getBytes(StandardCharsets.US_ASCII), "table.csv").getMessage()
                .contains("not a FITS file"));
        assertTrue(openFails(new byte[0], "empty.fits").getMessage().contains("empty"));
        byte[] png = new byte[5000];
        png[0] = (byte) 0x89;
        assertTrue(openFails(png, "image.png").getMessage().contains("not a FITS file"));
    }

    @Test
    void garbageInAHeader() throws IOException {
        byte[] bytes = dataset();
        bytes[400] = (byte) 0xff;
        assertTrue(openFails(bytes, "garbage.fits").getMessage().contains("non-text byte"));
    }

    @Test
    void headerThatDisagreesWithTheData() throws IOException {
        String header = new String(dataset(), 0, 2880, StandardCharsets.US_ASCII);
        String edited = header.replace("NSAMPLE =                    4", "NSAMPLE =                    5");
        assertNotEquals(header, edited);
        byte[] bytes = dataset();
        System.arraycopy(edited.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 2880);
        assertTrue(openFails(bytes, "nsample.fits").getMessage().contains("NSAMPLE = 5"));
    }

    /** Replaces one header card's value text in the whole file (cards are 80 bytes, values start at byte 10). */
    private byte[] withCard(String keyword, String newValue) throws IOException {
        byte[] bytes = dataset();
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = all.indexOf(String.format("%-8s= ", keyword));
        assertTrue(at >= 0 && at % 80 == 0, keyword + " card");
        String card = String.format("%-8s= %-70s", keyword, newValue);
        System.arraycopy(card.getBytes(StandardCharsets.US_ASCII), 0, bytes, at, 80);
        return bytes;
    }

    @Test
    void malformedColumnFormsAreRefusedWithTheKeyword() throws IOException {
        // 'ED' used to be read as E, so a double column was decoded as floats
        IOException ed = openFails(withCard("TFORM7", "'ED      '"), "ed.fits");
        assertTrue(ed.getMessage().contains("invalid TFORM7 'ED") && ed.getMessage().contains("LABELS"), ed.getMessage());
        // a valid form of the wrong width: the columns no longer add up to the row width
        IOException width = openFails(withCard("TFORM7", "'1E      '"), "width.fits");
        assertTrue(width.getMessage().contains("NAXIS1 = 72 bytes wide") && width.getMessage().contains("68 bytes"), width.getMessage());
        IOException name = openFails(withCard("TTYPE3", "'        '"), "noname.fits");
        assertTrue(name.getMessage().contains("column 3 has no TTYPE3"), name.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nowhere.fits");
        IOException e = assertThrows(IOException.class, () -> DatasetReader.open(f));
        assertTrue(e.getMessage().contains("nowhere.fits") && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void indexOutOfRange() throws IOException {
        Path f = dir.resolve("good.fits");
        dataset();
        try (DatasetReader r = DatasetReader.open(f)) {
            assertThrows(IndexOutOfBoundsException.class, () -> r.noisy(4));
            assertThrows(IndexOutOfBoundsException.class, () -> r.truth(-1));
        }
    }
}
