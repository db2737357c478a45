package org.galaxyparams.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 500 damaged copies of test-images/catalog.csv (fields replaced by extreme numbers, text, nothing; characters
 * flipped; lines cut), seeded: each is read or refused with a message in words; every row it accepts can be drawn,
 * or is refused by the renderer with a message in words, never an exception of another kind or an OutOfMemoryError.
 */
class CatalogFuzzTest {
    private static final String[] FIELDS = {"0", "-1", "1e300", "NaN", "Infinity", "abc", "", "0.9999999", "1000", "1e-6", "6.2",
            "-0.7", "4e5", "1,2", "\"3\""};

    @Test
    void damagedCatalogsReadOrFailInWords(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("test-images/catalog.csv"));
        SplittableRandom r = new SplittableRandom(7);
        GalaxyRenderer renderer = new GalaxyRenderer();
        int accepted = 0;
        for (int n = 0; n < 500; n++) {
            StringBuilder b = new StringBuilder();
            for (int l = 0; l < lines.size(); l++) {
                String line = lines.get(l);
                if (l > 0 && r.nextInt(3) == 0) {
                    String[] f = line.split(",", -1);
                    f[r.nextInt(f.length)] = FIELDS[r.nextInt(FIELDS.length)];
                    line = String.join(",", f);
                }
                if (r.nextInt(20) == 0) line = line.substring(0, r.nextInt(line.length() + 1));
                if (r.nextInt(30) == 0 && !line.isEmpty()) {
                    char[] c = line.toCharArray();
                    c[r.nextInt(c.length)] = (char) (32 + r.nextInt(95));
                    line = new String(c);
                }
                b.append(line).append('\n');
            }
            Path f = dir.resolve("c" + n + ".csv");
            Files.writeString(f, b.toString());
            List<CatalogRow> rows;
            try {
                rows = CatalogReader.read(f);
            } catch (IOException | IllegalArgumentException e) {
                assertWords(e, f);
                continue;
            }
            accepted++;
            for (CatalogRow row : rows) {
                try {
                    GalaxyParams p = row.params();
                    renderer.render(p, PsfModel.moffat(2, row.psfFwhm()), StampGeometry.DEFAULT);
                } catch (IllegalArgumentException e) {
                    assertWords(e, f);
                }
            }
        }
        assertTrue(accepted > 10, "some damaged catalogs are still valid: " + accepted);
    }

    /** A flux of 1e300 once gave pixels of 9.22e18 (saturated 64-bit counts): it is refused, naming the row. */
    @Test
    void anAbsurdFluxIsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("big.csv");
        Files.writeString(f, "flux,sersic_n,hlr,g1,g2,psf_fwhm\n1e300,2,0.3,0,0,0.7\n");
        CatalogException e = assertThrows(CatalogException.class, () -> CatalogReader.read(f));
        assertTrue(e.getMessage().contains("flux") && e.getMessage().contains("above 1.0E15"), e.getMessage());
    }

    private static void assertWords(Exception e, Path f) {
        String m = e.getMessage();
        assertNotNull(m, f + ": " + e);
        assertFalse(m.isBlank() || m.equals("null") || m.matches("[\\w.$]+(Exception|Error).*"), f + ": '" + m + "'");
    }
}
