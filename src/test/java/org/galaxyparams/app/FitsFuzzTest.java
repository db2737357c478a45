package org.galaxyparams.app;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.galaxyparams.estimate.StampInput;
import org.galaxyparams.estimate.StampSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 400 damaged copies of the sample dataset (bytes flipped in the header and the data, cut short, header values
 * replaced by other numbers and text), seeded: each opens and reads, or fails with an IOException or
 * IllegalArgumentException whose message is words, never another exception, never a bare class name; and a folder
 * of them through the estimate workflow gives every file its row(s), the run going on.
 */
class FitsFuzzTest {
    private static final Path SAMPLE = Path.of("test-images/sample.fits");
    private static final String[] VALUES = {"0", "-1", "1E300", "NaN", "'x'", "99999999999", "-64", "3.5", "T", "''"};

    static byte[] damage(byte[] original, SplittableRandom r) {
        byte[] b = original.clone();
        switch (r.nextInt(4)) {
            case 0 -> { // flips in the first header block
                for (int i = 0; i < 1 + r.nextInt(8); i++) b[r.nextInt(2880)] = (byte) (32 + r.nextInt(95));
            }
            case 1 -> { // flips anywhere
                for (int i = 0; i < 1 + r.nextInt(32); i++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
            case 2 -> { // cut short
                return java.util.Arrays.copyOf(b, r.nextInt(b.length));
            }
            default -> { // a header value replaced
                String text = new String(b, StandardCharsets.ISO_8859_1);
                List<Integer> cards = new ArrayList<>();
                for (int i = 0; i + 80 <= text.length(); i += 80) if (text.charAt(i + 8) == '=' && !text.startsWith("END", i)) cards.add(i);
                if (cards.isEmpty()) return b;
                int at = cards.get(r.nextInt(cards.size()));
                String v = String.format("%-70s", VALUES[r.nextInt(VALUES.length)]);
                byte[] vb = v.getBytes(StandardCharsets.ISO_8859_1);
                System.arraycopy(vb, 0, b, at + 10, 70);
            }
        }
        return b;
    }

    @Test
    void damagedFilesReadOrFailInWords(@TempDir Path dir) throws IOException {
        byte[] original = Files.readAllBytes(SAMPLE);
        SplittableRandom r = new SplittableRandom(2026);
        int read = 0, refused = 0;
        for (int n = 0; n < 400; n++) {
            Path f = dir.resolve(String.format("f%03d.fits", n));
            Files.write(f, damage(original, r));
            try (StampSource.StampFile sf = StampSource.open(f, 0.23)) {
                for (int i = 0; i < sf.count(); i++) {
                    StampInput s = sf.stamp(i);
                    assertEquals(s.size() * s.size(), s.pixels().length);
                }
                read++;
            } catch (IOException | IllegalArgumentException e) {
                String m = e.getMessage();
                assertNotNull(m, f + ": " + e);
                assertFalse(m.isBlank() || m.matches("[\\w.$]+(Exception|Error).*") || m.equals("null"), f + ": '" + m + "'");
                refused++;
            } catch (RuntimeException | Error e) {
                fail(f + " (damage " + n + "): " + e, e);
            }
        }
        assertTrue(read > 20 && refused > 50, "read " + read + ", refused " + refused);

        // the workflow over the folder: every file gets its row(s), the unreadable ones "unreadable: ..."
        Path csv = dir.resolve("out.csv");
        EstimateFiles.Summary s = EstimateFiles.run(new Estimation(EstimateRequest.DEFAULTS, new FakeEstimator()), dir, csv, Monitor.SILENT);
        assertEquals(400, s.files());
        long files = Files.readAllLines(csv).stream().skip(1).map(EstimateFiles::firstField).distinct().count();
        assertEquals(400, files, "every file has at least one row");
    }
}
