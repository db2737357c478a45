package org.galaxyparams.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import org.galaxyparams.app.CatalogColumns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simulate-field and catalog from the command line: outputs, shards and merge, refusals. */
class CatalogCommandTest {
    @TempDir
    static Path tmp;
    static Path field, truth, catalog;

    @BeforeAll
    static void drawAndCatalog() throws Exception {
        field = tmp.resolve("field.fits");
        assertEquals(0, Main.execute("simulate-field", "--out", field.toString(), "--width", "1024", "--height", "1024", "--galaxies", "70",
                "--stars", "6", "--seed", "3"));
        truth = tmp.resolve("field.truth.csv");
        catalog = tmp.resolve("cat.csv");
        assertEquals(0, Main.execute("catalog", "--in", field.toString(), "--out", catalog.toString(), "--threads", "1"));
    }

    private static String run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(b, true, StandardCharsets.UTF_8);
        System.setOut(p);
        System.setErr(p);
        try {
            int code = Main.execute(args);
            return code + "\n" + b.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static List<String> rows(Path csv) throws Exception {
        int time = List.of(CatalogColumns.header().split(",")).indexOf("time_s");
        return Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#") && !l.startsWith("file,")).map(l -> {
            String[] f = l.split(",", -1);
            f[time] = "";
            return String.join(",", f);
        }).toList();
    }

    @Test
    void catalogHasEverySourceWithSkyCoordinatesAndAFitsTwin() throws Exception {
        List<String> lines = Files.readAllLines(catalog);
        assertTrue(lines.get(0).startsWith("# sources found in field.fits: "), lines.get(0));
        assertTrue(lines.contains(CatalogColumns.header()));
        List<String> rows = rows(catalog);
        assertTrue(rows.size() >= 70 && rows.size() <= 80, rows.size() + " sources for 70 galaxies and 6 stars");
        List<String> head = List.of(CatalogColumns.header().split(","));
        int ra = head.indexOf("ra"), dec = head.indexOf("dec"), kind = head.indexOf("class"), flux = head.indexOf("flux");
        long galaxies = 0, stars = 0;
        for (String r : rows) {
            String[] f = r.split(",", -1);
            // the simulated WCS is centred on (150, 2.2) at 0.23 arcsec/pixel: the field spans 0.065 degrees
            assertEquals(150, Double.parseDouble(f[ra]), 0.04);
            assertEquals(2.2, Double.parseDouble(f[dec]), 0.04);
            if (f[kind].equals("\"galaxy\"")) galaxies++;
            if (f[kind].equals("\"star\"")) stars++;
            assertFalse(f[flux].isEmpty(), "every source has a flux: " + r);
        }
        assertTrue(galaxies >= 60 && stars >= 5, galaxies + " galaxies, " + stars + " stars");
        // the FITS table, read by nom-tam-fits itself: same rows, same fluxes
        try (Fits fits = new Fits(tmp.resolve("cat.fits").toFile())) {
            BinaryTableHDU t = (BinaryTableHDU) fits.getHDU(1);
            assertEquals(rows.size(), t.getNRows());
            assertEquals(head.size(), t.getNCols());
            double[] col = (double[]) t.getColumn("FLUX");
            for (int i = 0; i < rows.size(); i++) assertEquals(Double.parseDouble(rows.get(i).split(",", -1)[flux]), col[i], 0.5);
            String[] classes = (String[]) t.getColumn("CLASS");
            assertTrue(classes[0].trim().equals("galaxy") || classes[0].trim().equals("star"));
        }
        String report = run("catalog", "--in", field.toString(), "--out", tmp.resolve("again.csv").toString(), "--fits", "none", "--truth",
                truth.toString(), "--threads", "1");
        assertTrue(report.startsWith("0\n"), report);
        assertTrue(report.contains("detection: completeness"), report);
        assertFalse(Files.exists(tmp.resolve("again.fits")));
    }

    @Test
    void shardsMergeToTheWholeCatalogAndAMissingOneIsNamed() throws Exception {
        Path p0 = tmp.resolve("p0.csv"), p1 = tmp.resolve("p1.csv"), merged = tmp.resolve("merged.csv");
        assertEquals(0, Main.execute("catalog", "--in", field.toString(), "--out", p0.toString(), "--shard", "0/2", "--fits", "none", "--threads", "1"));
        assertEquals(0, Main.execute("catalog", "--in", field.toString(), "--out", p1.toString(), "--shard", "1/2", "--fits", "none", "--threads", "1"));
        String missing = run("merge", "--out", merged.toString(), p0.toString());
        assertTrue(missing.startsWith("2\n") && missing.contains("rows are missing"), missing);
        assertEquals(0, Main.execute("merge", "--out", merged.toString(), p0.toString(), p1.toString()));
        assertEquals(rows(catalog), rows(merged));
        // a shard rerun finds its part complete and leaves it
        String again = run("catalog", "--in", field.toString(), "--out", p0.toString(), "--shard", "0/2", "--fits", "none", "--threads", "1");
        assertTrue(again.startsWith("0\n") && again.contains("already"), again);
    }

    @Test
    void refusalsNameTheProblem() throws Exception {
        String exists = run("catalog", "--in", field.toString(), "--out", catalog.toString());
        assertTrue(exists.startsWith("2\n") && exists.contains("--overwrite"), exists);
        String shard = run("catalog", "--in", field.toString(), "--out", tmp.resolve("x.csv").toString(), "--shard", "3/2");
        assertTrue(shard.startsWith("2\n") && shard.contains("0 <= k < N"), shard);
        Path cube = tmp.resolve("cube.fits");
        assertEquals(0, Main.execute("simulate", "--count", "3", "--out", cube.toString()));
        String notField = run("catalog", "--in", cube.toString(), "--out", tmp.resolve("y.csv").toString());
        assertTrue(notField.startsWith("2\n") && notField.contains("cube"), notField);
    }

    @Test
    void fieldWithoutWcsGivesPixelsOnlyAndSaysSoOnce() throws Exception {
        Path plain = tmp.resolve("plain.fits"), cat = tmp.resolve("plain.csv");
        assertEquals(0, Main.execute("simulate-field", "--out", plain.toString(), "--width", "256", "--height", "256", "--galaxies", "4",
                "--stars", "0", "--seed", "4", "--no-wcs"));
        String out = run("catalog", "--in", plain.toString(), "--out", cat.toString(), "--fits", "none", "--threads", "1");
        assertTrue(out.startsWith("0\n"), out);
        assertEquals(1, out.split("no WCS", -1).length - 1, "said once: " + out);
        int ra = List.of(CatalogColumns.header().split(",")).indexOf("ra");
        for (String r : rows(cat)) assertEquals("", r.split(",", -1)[ra]);
    }

    /** The rerun line a Fiji catalog records is a command line catalog takes, and --truth fails before any work. */
    @Test
    void rerunLineParsesAndTruthIsCheckedFirst() throws Exception {
        org.galaxyparams.app.CatalogRequest r = new org.galaxyparams.app.CatalogRequest(
                org.galaxyparams.app.EstimateRequest.DEFAULTS.withRefine(true), null, 0.23, 5e4, org.galaxyparams.app.Shard.parse("1/4"), 7);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--in", "f.fits", "--out", "c.csv"));
        for (String w : r.cliOptions().split(" ")) args.add(w.replace("'", ""));
        CatalogCommand parsed = new CatalogCommand();
        new picocli.CommandLine(parsed).parseArgs(args.toArray(String[]::new));
        assertEquals(r, parsed.request(), "the recorded options make the same request");
        String early = run("catalog", "--in", field.toString(), "--out", tmp.resolve("t.csv").toString(), "--truth", tmp.resolve("nope.csv").toString());
        assertTrue(early.startsWith("2\n") && early.contains("no such file") && !Files.exists(tmp.resolve("t.csv")), early);
        String sharded = run("catalog", "--in", field.toString(), "--out", tmp.resolve("t.csv").toString(), "--truth", truth.toString(),
                "--shard", "0/2");
        assertTrue(sharded.startsWith("2\n") && sharded.contains("merge the parts first"), sharded);
    }
}
