package org.galaxyparams.app;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EstimateFilesTest {
    private static EstimateFiles.Summary run(Path in, Path csv, FakeEstimator fake, java.util.function.BooleanSupplier cancelled,
                                             java.util.function.Consumer<String> log) throws IOException {
        return EstimateFiles.run(new Estimation(EstimateRequest.DEFAULTS, fake), in, csv, Monitor.of((d, t) -> {}, cancelled, log));
    }

    private static final Path TEST_IMAGES = Path.of("test-images");

    private static Path folderWithStampsAndACorruptFile(Path dir) throws IOException {
        try (var s = Files.list(TEST_IMAGES)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("000")).toList())
                Files.copy(p, dir.resolve(p.getFileName()));
        }
        Files.writeString(dir.resolve("0009_broken.fits"), "SIMPLE  = this is not a FITS file");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        return dir;
    }

    /** The named field of a CSV line (quoted text holds no commas in these tests). */
    static String field(String line, String column) {
        List<String> names = List.of(EstimateFiles.HEADER.split(","));
        return line.split(",", -1)[names.indexOf(column)];
    }

    private static List<String> rows(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().filter(l -> !l.startsWith("file,")).toList();
    }

    /**
     * A CSV cut off inside a row (disk full, kill): the rerun drops that line and every row of its file, estimates
     * that file again, and ends with exactly one row per stamp.
     */
    @Test
    void aRerunAfterACutOffRowRedoesThatFileAndNothingElse(@TempDir Path dir) throws IOException {
        Path in = folderWithStampsAndACorruptFile(Files.createDirectory(dir.resolve("in")));
        Path csv = dir.resolve("out.csv");
        run(in, csv, new FakeEstimator(), () -> false, m -> {});
        List<String> complete = rows(csv);
        String text = Files.readString(csv);
        // cut in the middle of the third data row
        int third = text.indexOf('\n', text.indexOf('\n', text.indexOf('\n') + 1) + 1);
        Files.writeString(csv, text.substring(0, third + 12));
        List<String> log = new java.util.ArrayList<>();
        FakeEstimator fake = new FakeEstimator();
        run(in, csv, fake, () -> false, log::add);
        assertTrue(log.stream().anyMatch(l -> l.contains("stopped mid-row")), log.toString());
        List<String> after = rows(csv);
        assertEquals(complete.size(), after.size(), after.toString());
        assertEquals(new java.util.HashSet<>(complete.stream().map(r -> r.substring(0, r.indexOf(','))).toList()),
                new java.util.HashSet<>(after.stream().map(r -> r.substring(0, r.indexOf(','))).toList()));
        for (String r : after) assertEquals(EstimateFiles.HEADER.split(",").length, r.replaceAll("\"[^\"]*\"", "q").split(",", -1).length, r);
    }

    /** A second run on a CSV that a run is writing is refused, and leaves it alone; the lock goes with the run. */
    @Test
    void twoRunsNeverAppendToOneCsv(@TempDir Path dir) throws IOException {
        Path in = folderWithStampsAndACorruptFile(Files.createDirectory(dir.resolve("in")));
        Path csv = dir.resolve("out.csv");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir.resolve(".out.csv.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = ch.lock()) {
            IOException e = assertThrows(IOException.class,
                    () -> run(in, csv, new FakeEstimator(), () -> false, m -> {}));
            assertTrue(e.getMessage().startsWith("another estimate run is writing"), e.getMessage());
            assertFalse(Files.exists(csv));
        }
        run(in, csv, new FakeEstimator(), () -> false, m -> {});
        assertEquals(5, rows(csv).size());
        assertFalse(Files.exists(dir.resolve(".out.csv.lock")), "no lock file is left behind");
    }

    @Test
    void everyStampGetsARowAndTheBadFileSaysWhy(@TempDir Path dir) throws IOException {
        Path in = folderWithStampsAndACorruptFile(Files.createDirectory(dir.resolve("in")));
        Path csv = dir.resolve("out.csv");
        FakeEstimator fake = new FakeEstimator();
        EstimateFiles.Summary s = run(in, csv, fake, () -> false, m -> {});
        List<String> rows = rows(csv);
        assertEquals(5, rows.size());
        assertEquals(1, s.unreadable());
        assertEquals(4, s.stamps());
        assertTrue(rows.get(4).startsWith("\"0009_broken.fits\"") && rows.get(4).contains("unreadable"), rows.get(4));
        assertEquals(EstimateFiles.HEADER.split(",").length, rows.get(4).replaceAll("\"[^\"]*\"", "q").split(",", -1).length,
                "the unreadable row has the header's columns");
        // flux column = pixel sum from the fake: the true flux of the file name within 3 x the noise of a
        // 64 x 64 sum (sigma 300 x 64 = 19,200 counts), so the pixels reached the estimator unchanged
        assertEquals(2.5e5, Double.parseDouble(field(rows.get(1), "flux")), 3 * 300 * 64, rows.get(1));
        assertEquals("0.7000", field(rows.get(1), "psf_fwhm"), "PSF FWHM read from the stamp's header");
    }

    @Test
    void aRerunSkipsFinishedFilesButRetriesUnreadableOnes(@TempDir Path dir) throws IOException {
        Path in = folderWithStampsAndACorruptFile(Files.createDirectory(dir.resolve("in")));
        Path csv = dir.resolve("out.csv");
        run(in, csv, new FakeEstimator(), () -> false, m -> {});
        FakeEstimator second = new FakeEstimator();
        EstimateFiles.Summary s = run(in, csv, second, () -> false, m -> {});
        assertEquals(0, second.seen, "no stamp estimated twice");
        assertEquals(4, s.skippedFiles());
        assertEquals(1, s.unreadable(), "the broken file is tried again");
        assertEquals(5, rows(csv).size(), "but not reported twice");
        assertEquals(1, Files.readAllLines(csv).stream().filter(l -> l.startsWith("file,")).count(), "one header");
    }

    /** A file unreadable once and mended later is estimated once, not again at every later rerun. */
    @Test
    void aMendedFileIsEstimatedOnceAndNotAgainOnLaterReruns(@TempDir Path dir) throws IOException {
        Path in = folderWithStampsAndACorruptFile(Files.createDirectory(dir.resolve("in")));
        Path csv = dir.resolve("out.csv");
        run(in, csv, new FakeEstimator(), () -> false, m -> {});
        Path good;
        try (var s = Files.list(in)) {
            good = s.filter(p -> p.getFileName().toString().startsWith("000") && !p.toString().contains("broken")).sorted().findFirst().orElseThrow();
        }
        Files.copy(good, in.resolve("0009_broken.fits"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        FakeEstimator second = new FakeEstimator(), third = new FakeEstimator();
        run(in, csv, second, () -> false, m -> {});
        assertEquals(1, second.seen, "the mended file's one stamp");
        run(in, csv, third, () -> false, m -> {});
        assertEquals(0, third.seen, "nothing left to do");
        assertEquals(6, rows(csv).size(), "the old unreadable row and one row per stamp");
    }

    @Test
    void aFolderWithoutStampsIsAnErrorNotAnEmptyResult(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> run(empty, dir.resolve("a.csv"), new FakeEstimator(), () -> false, m -> {}));
        assertTrue(e.getMessage().contains("holds no stamps") && e.getMessage().contains(".fits"), e.getMessage());
        Path packed = Files.createDirectory(dir.resolve("packed"));
        Files.writeString(packed.resolve("g1.fits.gz"), "x");
        Files.writeString(packed.resolve("g2.fits.fz"), "x");
        e = assertThrows(IOException.class, () -> run(packed, dir.resolve("b.csv"), new FakeEstimator(), () -> false, m -> {}));
        assertTrue(e.getMessage().contains("2 compressed files (g1.fits.gz, ...)") && e.getMessage().contains("gunzip"), e.getMessage());
    }

    /** Rows are never appended under another schema's header (an older version's CSV, a catalog). */
    @Test
    void aCsvOfOtherColumnsIsLeftAlone(@TempDir Path dir) throws IOException {
        Path in = folderWithStampsAndACorruptFile(Files.createDirectory(dir.resolve("in")));
        Path csv = dir.resolve("old.csv");
        Files.writeString(csv, "file,index,flux\n\"a.fits\",0,1000\n");
        IOException e = assertThrows(IOException.class, () -> run(in, csv, new FakeEstimator(), () -> false, m -> {}));
        assertTrue(e.getMessage().contains("holds other columns") && e.getMessage().contains("--overwrite"), e.getMessage());
        assertEquals("file,index,flux\n\"a.fits\",0,1000\n", Files.readString(csv));
        IOException viaFiji = assertThrows(IOException.class, () -> ResultCsv.checkAppendable(csv));
        assertTrue(viaFiji.getMessage().contains("holds other columns"), viaFiji.getMessage());
    }

    @Test
    void aDatasetGivesOneRowPerImageInOrderAndCancelStops(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("ds.csv");
        run(TEST_IMAGES.resolve("sample.fits"), csv, new FakeEstimator(), () -> false, m -> {});
        List<String> rows = rows(csv);
        assertEquals(4, rows.size());
        for (int i = 0; i < 4; i++) assertTrue(rows.get(i).startsWith("\"sample.fits\"," + i + ","), rows.get(i));
        EstimateFiles.Summary cancelled = run(TEST_IMAGES, dir.resolve("c.csv"), new FakeEstimator(), () -> true, m -> {});
        assertTrue(cancelled.cancelled());
        assertEquals(0, cancelled.stamps());
    }

    /**
     * A dataset is read and estimated a chunk at a time; a cancel between chunks leaves only whole rows, and the rerun
     * goes on from the first image without a row: every image ends with exactly one row, in order.
     */
    @Test
    void aCancelledDatasetGoesOnWhereItStopped(@TempDir Path dir) throws Exception {
        Path fits = dir.resolve("big.fits");
        org.galaxyparams.sim.SimulationConfig config = org.galaxyparams.sim.SimulationConfig.of(org.galaxyparams.sim.Preset.DATASET3, 12);
        org.galaxyparams.io.DatasetWriter.write(fits, org.galaxyparams.io.DatasetInfo.forSimulation(config, "dataset3", "test"),
                new org.galaxyparams.sim.DatasetGenerator(config, 2).generate(EstimateFiles.CHUNK + 44));
        Path csv = dir.resolve("big.csv");
        FakeEstimator first = new FakeEstimator();
        EstimateFiles.Summary s = run(fits, csv, first, () -> first.seen >= EstimateFiles.CHUNK, m -> {});
        assertTrue(s.cancelled());
        assertEquals(EstimateFiles.CHUNK, rows(csv).size(), "the first chunk's rows, whole");
        List<String> log = new java.util.ArrayList<>();
        FakeEstimator second = new FakeEstimator();
        run(fits, csv, second, () -> false, log::add);
        assertEquals(44, second.seen, "only the images without a row are estimated again");
        assertTrue(log.stream().anyMatch(l -> l.contains("going on from image " + EstimateFiles.CHUNK)), log.toString());
        List<String> all = rows(csv);
        assertEquals(EstimateFiles.CHUNK + 44, all.size());
        for (int i = 0; i < all.size(); i++) assertEquals(String.valueOf(i), field(all.get(i), "index"), all.get(i));
    }

    /** A FITS stamp that states no pixel scale is taken at the model's, and its row says so. */
    @Test
    void anAssumedPixelScaleIsSaid(@TempDir Path dir) throws Exception {
        float[][] img = new float[64][64];
        try (org.galaxyparams.io.DatasetReader r = org.galaxyparams.io.DatasetReader.open(TEST_IMAGES.resolve("sample.fits"))) {
            float[] p = r.noisy(0);
            for (int y = 0; y < 64; y++) System.arraycopy(p, y * 64, img[y], 0, 64);
        }
        Path f = dir.resolve("plain.fits");
        try (nom.tam.fits.Fits fits = new nom.tam.fits.Fits()) {
            nom.tam.fits.BasicHDU<?> hdu = nom.tam.fits.Fits.makeHDU(img);
            hdu.addValue("PSF_FWHM", 0.7, "");
            hdu.addValue("SIGMA", 300.0, "");
            fits.addHDU(hdu);
            fits.write(f.toFile());
        }
        Path csv = dir.resolve("plain.csv");
        run(f, csv, new FakeEstimator(), () -> false, m -> {});
        String row = rows(csv).get(0);
        assertTrue(row.contains("pixel scale assumed 0.2300 arcsec/pixel (the file states none)"), row);
    }

    /** Data drawn with a Gaussian PSF get rows that say the model was trained on Moffat PSFs. */
    @Test
    void aPsfOfAnotherShapeIsSaid(@TempDir Path dir) throws Exception {
        Path fits = dir.resolve("gauss.fits");
        assertEquals(0, org.galaxyparams.cli.CliTestAccess.main("simulate", "--preset", "snr60", "--count", "2", "--psf", "gaussian",
                "--out", fits.toString()));
        Path csv = dir.resolve("gauss.csv");
        run(fits, csv, new FakeEstimator(), () -> false, m -> {});
        for (String row : rows(csv)) assertTrue(row.contains("the file's PSF is Gaussian, the model was trained on Moffat beta 2"), row);
    }

    @Test
    void aPixelScaleTheModelWasNotTrainedForIsRefused() {
        assertNull(Estimation.pixelScaleProblem(0.2305, 0.23));
        assertNull(Estimation.pixelScaleProblem(Double.NaN, 0.23));
        String m = Estimation.pixelScaleProblem(0.2, 0.23);
        assertTrue(m.contains("0.2000 arcsec/pixel") && m.contains("resample"), m);
    }

    /**
     * A full disk while appending: the run fails naming the CSV, the rows before stay whole apart from the cut-off
     * last one, and the rerun with room again ends with one row per stamp.
     */
    @Test
    void aFullDiskNamesTheCsvAndTheRerunCompletesIt(@TempDir Path dir) throws Exception {
        Path in = folderWithStampsAndACorruptFile(Files.createDirectory(dir.resolve("in")));
        Path reference = dir.resolve("reference.csv");
        run(in, reference, new FakeEstimator(), () -> false, m -> {});
        Path csv = dir.resolve("out.csv");
        long room = Files.size(reference) / 2;
        org.galaxyparams.io.FullDisk.after(room, () -> {
            IOException e = assertThrows(IOException.class, () -> run(in, csv, new FakeEstimator(), () -> false, m -> {}));
            assertTrue(e.getMessage().contains("could not write " + csv.toAbsolutePath()) && e.getMessage().contains("No space left"),
                    e.getMessage());
        });
        assertTrue(Files.size(csv) <= room);
        run(in, csv, new FakeEstimator(), () -> false, m -> {});
        assertEquals(rows(reference).stream().map(r -> r.substring(0, r.indexOf(','))).sorted().toList(),
                rows(csv).stream().map(r -> r.substring(0, r.indexOf(','))).sorted().toList());
    }

    /** With replace (--overwrite), a failed or cancelled run leaves the previous CSV exactly as it was. */
    @Test
    void replacingSwapsTheCsvOnlyWhenTheNewOneIsComplete(@TempDir Path dir) throws Exception {
        Path in = folderWithStampsAndACorruptFile(Files.createDirectory(dir.resolve("in")));
        Path csv = Files.writeString(dir.resolve("out.csv"), "an earlier run's rows\n");
        Estimation estimation = new Estimation(EstimateRequest.DEFAULTS, new FakeEstimator());
        org.galaxyparams.io.FullDisk.after(300, () -> {
            IOException e = assertThrows(IOException.class, () -> EstimateFiles.run(estimation, in, csv, Shard.ALL, true, Monitor.SILENT));
            assertTrue(e.getMessage().contains(csv.toAbsolutePath().toString()) && e.getMessage().contains("left as it was"), e.getMessage());
        });
        assertEquals("an earlier run's rows\n", Files.readString(csv));
        EstimateFiles.Summary cancelled = EstimateFiles.run(estimation, in, csv, Shard.ALL, true, Monitor.of((d, t) -> {}, () -> true, m -> {}));
        assertTrue(cancelled.cancelled());
        assertEquals("an earlier run's rows\n", Files.readString(csv));
        EstimateFiles.run(estimation, in, csv, Shard.ALL, true, Monitor.SILENT);
        assertTrue(Files.readString(csv).startsWith("file,"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), "no temporary file left");
        }
    }
}
