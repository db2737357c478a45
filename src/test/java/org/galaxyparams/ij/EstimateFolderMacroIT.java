package org.galaxyparams.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * macros/Estimate_Folder.ijm in a real ImageJ ({@code -batch} under a virtual display) on a folder holding the
 * test-images stamps and one corrupt FITS file: one CSV row per file, the corrupt one "unreadable", the others close
 * to the truth their names carry (flux within 2x, hlr within 4x the default regressor's validation RMSE), and a rerun with
 * the same CSV adds nothing.
 */
class EstimateFolderMacroIT {
    @TempDir
    Path dir;

    @Test
    void folderOfStampsIntoOneCsvAndARerunAddsNothing() throws Exception {
        ImageJInstall.xvfbRun();
        ImageJInstall ij = ImageJInstall.create(dir.resolve("imagej"));
        Path stamps = Files.createDirectories(dir.resolve("my stamps"));
        List<Path> originals;
        try (Stream<Path> s = Files.list(Path.of("test-images"))) {
            originals = s.filter(p -> p.getFileName().toString().matches("\\d{4}_.*\\.fits")).sorted().toList();
        }
        assertTrue(originals.size() >= 4, "test-images stamps: " + originals);
        for (Path p : originals) Files.copy(p, stamps.resolve(p.getFileName()));
        Files.writeString(stamps.resolve("zz_corrupt.fits"), "SIMPLE  = this is not a FITS file\n", StandardCharsets.US_ASCII);
        Path csv = dir.resolve("out dir").resolve("estimates.csv");

        String arg = "input=[" + stamps + "] output=[" + csv + "]";
        ImageJInstall.Run run = ij.batchMacro(Path.of("macros/Estimate_Folder.ijm"), arg);
        assertTrue(Files.isRegularFile(csv), run.output());
        assertFalse(run.output().contains("\tat "), run.output());
        assertTrue(run.output().contains("Estimate_Folder.ijm: " + (originals.size() + 1) + " new rows"), run.output());
        // every good stamp has its flux: none counted as refused by the macro's own reading of the rows
        assertTrue(run.output().contains("(1 rows for unreadable files, 0 refused stamps)"), run.output());

        List<Map<String, String>> rows = CsvRows.read(csv);
        List<String> header = CsvRows.split(Files.readAllLines(csv).get(0));
        assertEquals(originals.size() + 1, rows.size(), "one row per file: " + rows);
        int unreadable = 0;
        for (Map<String, String> row : rows) {
            String file = row.get("file");
            if (file.equals("zz_corrupt.fits")) {
                unreadable++;
                assertTrue(row.get("_line").contains("\"unreadable: "), row.get("_line"));
                assertEquals(header.size(), CsvRows.split(row.get("_line")).size(),
                        "the unreadable row has the header's columns (EstimateFiles' row for it): " + row.get("_line"));
                assertTrue(row.get("message").startsWith("unreadable"), row.get("_line"));
                assertTrue(Double.isNaN(CsvRows.number(row, "flux")), row.get("_line"));
                continue;
            }
            double[] truth = CsvRows.truthFromName(file);
            assertNotNull(truth, file);
            for (String c : new String[] {"flux", "sersic_n", "hlr", "g1", "g2", "psf_fwhm", "sigma"}) {
                assertTrue(Double.isFinite(CsvRows.number(row, c)), c + " in " + row.get("_line"));
            }
            assertTrue(row.get("model").startsWith(CsvRows.defaultModelFor(CsvRows.number(row, "psf_fwhm"), CsvRows.number(row, "sigma")) + "@"),
                    row.get("_line"));
            assertNull(CsvRows.closeEnough(CsvRows.number(row, "flux"), CsvRows.number(row, "hlr"), truth[0], truth[2]),
                    row.get("_line"));
        }
        assertEquals(1, unreadable);

        // a rerun skips every file already in the CSV (files that were unreadable would be tried again: fix them first)
        Files.delete(stamps.resolve("zz_corrupt.fits"));
        String before = Files.readString(csv);
        run = ij.batchMacro(Path.of("macros/Estimate_Folder.ijm"), arg);
        assertTrue(run.output().contains("Estimate_Folder.ijm: 0 new rows"), run.output());
        assertEquals(before, Files.readString(csv), "the rerun adds no rows");
    }
}
