package org.galaxyparams.ij;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulate Field then Measure Field (method network) on a 512 x 512 field of 15 galaxies: headless in separate JVMs
 * (files, {@link HeadlessPluginMain}), and from a batch-mode macro under a virtual display on the image Simulate Field
 * shows. The image's rows must give the same catalog as its file.
 */
class MeasureFieldIT {
    @TempDir
    Path dir;

    static final String FIELD = "width=512 height=512 galaxies=15 stars=4 preset=dataset3 psf_fwhm=0.7 sigma=300 sky=1000 sky_gradient=0"
            + " pairs=0.05 pixel_scale=0.23 wcs seed=3";
    /** Columns that differ between two runs on one field: its name and the clock. */
    static final Set<String> RUN_COLUMNS = Set.of("file", "time_s", "_line");

    @Test
    void headlessFileAndMacroImageGiveOneCatalog() throws Exception {
        ImageJInstall ij = ImageJInstall.create(dir.resolve("imagej"));
        Path field = dir.resolve("field one.fits"), csv = dir.resolve("catalog of field.csv");
        ImageJInstall.Run sim = ij.headlessJava(HeadlessPluginMain.class, SimulateFieldPlugin.class.getName(), FIELD + " save_to=[" + field + "]");
        assertEquals(0, sim.exit(), sim.output());
        assertTrue(sim.output().contains("Simulate Field: wrote " + field), sim.output());
        assertTrue(Files.isRegularFile(dir.resolve("field one.truth.csv")));

        ImageJInstall.Run run = ij.headlessJava(HeadlessPluginMain.class, MeasureFieldPlugin.class.getName(),
                "method=network input=[" + field + "] save_csv=[" + csv + "]");
        System.out.printf("headless Measure Field: %.1f s%n", run.seconds());
        assertEquals(0, run.exit(), run.output());
        assertFalse(run.output().contains("Exception") || run.output().contains("\tat "), run.output());
        assertTrue(run.output().contains("Measure Field: wrote " + csv), run.output());
        assertTrue(Files.isRegularFile(dir.resolve("catalog of field.fits")), "the FITS table beside the CSV");
        List<Map<String, String>> rows = CsvRows.read(withoutComments(csv));
        long galaxies = rows.stream().filter(r -> r.get("class").equals("galaxy") && Double.isFinite(CsvRows.number(r, "flux"))
                && CsvRows.number(r, "flux") > 0 && Double.isFinite(CsvRows.number(r, "ra"))).count();
        assertTrue(galaxies >= 10, galaxies + " galaxies with a flux and sky coordinates of 15 drawn: " + rows);
        assertTrue(rows.stream().allMatch(r -> r.get("file").equals("field one.fits")), rows.toString());

        // never replaced unasked
        ImageJInstall.Run again = ij.headlessJava(HeadlessPluginMain.class, MeasureFieldPlugin.class.getName(),
                "method=network input=[" + field + "] save_csv=[" + csv + "]");
        assertEquals(0, again.exit(), again.output());
        assertTrue(again.output().contains("Measure Field: " + csv + " exists: give another save_csv"), again.output());
        assertFalse(again.output().contains("\tat "), again.output());

        // the same field shown by Simulate Field (rows flipped, header in Info) and measured from the image
        ImageJInstall.xvfbRun();
        Path out = Files.createDirectories(dir.resolve("out"));
        Path macro = dir.resolve("field.ijm");
        Files.writeString(macro, String.join("\n",
                "out = getArgument();",
                "setBatchMode(true);",
                "run(\"Simulate Field...\", \"" + FIELD + "\");",
                "print(\"title=\" + getTitle() + \" bits=\" + bitDepth());",
                "print(\"truth=\" + Table.size(\"Galaxy Params Field Truth\"));",
                // checkboxes are ticked in a macro only when named (ImageJ's rule)
                "run(\"Measure Field...\", \"method=network overlay roi_manager save_csv=[\" + out + \"image.csv]\");",
                "print(\"catalog=\" + Table.size(\"Galaxy Params Catalog\"));",
                "print(\"overlay=\" + Overlay.size);",
                "n = roiManager(\"count\"); print(\"rois=\" + n);",
                // a macro error would open a dialog that waits for ever in -batch mode
                "if (n > 0) { roiManager(\"select\", 0); print(\"roi0=\" + Roi.getName); }",
                "print(\"class0=\" + Table.getString(\"class\", 0, \"Galaxy Params Catalog\"));",
                "print(\"field done\");", ""));
        ImageJInstall.Run batch = ij.batchMacro(macro, out + "/");
        String log = batch.output();
        System.out.printf("macro Simulate + Measure Field: %.1f s%n", batch.seconds());
        assertTrue(log.contains("field done"), log);
        assertFalse(log.contains("\tat "), log);
        assertTrue(log.contains("title=Field dataset3 seed 3 bits=32"), log);
        assertTrue(log.contains("truth=19"), log);
        assertTrue(log.contains("catalog=" + rows.size()), log);
        assertTrue(log.contains("overlay=" + 2 * rows.size()), "a shape and a label per source: " + log);
        assertTrue(log.contains("rois=" + rows.size()), log);
        assertTrue(log.contains("roi0=#1 " + rows.get(0).get("class")), log);

        List<Map<String, String>> image = CsvRows.read(withoutComments(out.resolve("image.csv")));
        assertEquals(rows.size(), image.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> a = rows.get(i), b = image.get(i);
            for (String c : a.keySet()) {
                if (!RUN_COLUMNS.contains(c)) assertEquals(a.get(c), b.get(c), "column " + c + " of row " + (i + 1) + ":\n" + a.get("_line") + "\n" + b.get("_line"));
            }
        }
    }

    /** A copy of a catalog CSV without its comment lines. */
    private Path withoutComments(Path csv) throws Exception {
        Path plain = dir.resolve(csv.getFileName() + ".plain.csv");
        Files.write(plain, Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).toList());
        return plain;
    }
}
