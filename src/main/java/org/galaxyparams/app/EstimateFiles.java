package org.galaxyparams.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.galaxyparams.estimate.Estimate;
import org.galaxyparams.estimate.ObservingConditions;
import org.galaxyparams.estimate.ParameterEstimator;
import org.galaxyparams.estimate.StampInput;
import org.galaxyparams.estimate.StampSource;
import org.galaxyparams.fit.FitResult;
import org.galaxyparams.stamp.PreparedStamp;
import org.galaxyparams.stamp.StampPreparation;

/**
 * Estimates every stamp of a folder or file into one CSV, one row per stamp in input order. A file that
 * cannot be read gets a row saying why and the run goes on; a rerun with the same CSV skips the files
 * already in it (files that failed are tried again, and reported again only if they now read).
 */
public final class EstimateFiles {
    public static final String HEADER = ResultColumns.header();

    /** What a run did. */
    public record Summary(int files, int skippedFiles, int stamps, int refused, int unreadable, boolean cancelled) {
        /** The one-line summary every front-end shows. */
        public String describe(Path in, Path csv, double seconds, String provenance) {
            return String.format(Locale.ROOT, "%s: %d stamps from %d files into %s (%d files already done, %d unreadable, %d stamps"
                    + " without an estimate)%s in %.1f s with %s", in, stamps, files - skippedFiles - unreadable, csv, skippedFiles,
                    unreadable, refused, cancelled ? ", cancelled" : "", seconds, provenance);
        }
    }

    private EstimateFiles() {}

    /** Estimates {@code in} (a folder, a stamp or a FITS dataset) into {@code csv} as {@code estimation} asks. */
    public static Summary run(Estimation estimation, Path in, Path csv, Monitor monitor) throws IOException {
        return run(estimation, in, csv, Shard.ALL, monitor);
    }

    /** The same for one shard of the run: only the images it owns get rows (see {@link Shard}). */
    public static Summary run(Estimation estimation, Path in, Path csv, Shard shard, Monitor monitor) throws IOException {
        return run(estimation, in, csv, shard, false, monitor);
    }

    /**
     * The same; with {@code replace}, a new CSV is written beside {@code csv} and replaces it only when the run
     * completes (a failure or a cancel leaves the old one as it was), instead of resuming it.
     */
    public static Summary run(Estimation estimation, Path in, Path csv, Shard shard, boolean replace, Monitor monitor) throws IOException {
        org.galaxyparams.io.OutputFile.check(csv, in);
        // one run at a time per CSV: two appending to it would double the header and every row. An OS lock on a
        // hidden file beside it goes away with the process, so a killed run never blocks the next one.
        Path parent = csv.toAbsolutePath().getParent();
        Path lockFile = csv.toAbsolutePath().resolveSibling("." + csv.getFileName() + ".lock");
        java.nio.channels.FileChannel opened;
        try {
            if (parent != null) Files.createDirectories(parent);
            opened = java.nio.channels.FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (java.nio.file.FileSystemException e) {
            // the exception's own message is only the path: say what failed and what to do
            throw new IOException("cannot write in " + (parent != null ? parent : csv.toAbsolutePath()) + " ("
                    + (e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName())
                    + "): give an output file (--out, save_csv) in a folder you can write to", e);
        }
        try (java.nio.channels.FileChannel ch = opened) {
            java.nio.channels.FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null)
                throw new IOException("another estimate run is writing " + csv + ": wait for it to finish, or give another --out");
            try {
                if (!replace) return runLocked(estimation, in, csv, shard, monitor);
                try (org.galaxyparams.io.OutputFile fresh = org.galaxyparams.io.OutputFile.open(csv, in)) {
                    Summary s;
                    try {
                        s = runLocked(estimation, in, fresh.temporaryPath(), shard, monitor);
                    } catch (IOException e) {
                        Throwable cause = e.getCause() instanceof IOException c ? c : e;
                        throw new IOException("could not write " + csv.toAbsolutePath() + ": " + cause.getMessage()
                                + "; any previous " + csv.getFileName() + " is left as it was", e);
                    }
                    if (!s.cancelled()) fresh.commitWritten();
                    return s;
                }
            } finally {
                lock.release();
                Files.deleteIfExists(lockFile);
            }
        }
    }

    private static Summary runLocked(Estimation estimation, Path in, Path csv, Shard shard, Monitor monitor) throws IOException {
        ParameterEstimator estimator = estimation.estimator();
        ObservingConditions conditions = estimation.conditions(false);
        StampPreparation prep = new StampPreparation(estimator.stampSize(), estimation.request().sky());
        List<Path> files = StampSource.files(in);
        String dropped = dropCutOffLine(csv);
        if (dropped != null) monitor.warn(csv + ": the last run stopped mid-row; " + dropped + " is estimated again");
        java.util.Map<String, Integer> rowsDone = rowsPerFile(csv);
        Set<String> failedBefore = unreadableFiles(csv);
        boolean fresh = !Files.isRegularFile(csv) || Files.size(csv) == 0;
        if (!fresh) checkHeader(csv);
        if (csv.toAbsolutePath().getParent() != null) Files.createDirectories(csv.toAbsolutePath().getParent());
        int stamps = 0, refused = 0, unreadable = 0, skipped = 0, f = 0;
        long offset = 0; // images of the files before this one: the global index of its first image
        try (BufferedWriter w = org.galaxyparams.io.OutputFile.append(csv)) {
            if (fresh) {
                w.write(HEADER);
                w.newLine();
            }
            for (Path file : files) {
                if (monitor.isCancelled()) return new Summary(f, skipped, stamps, refused, unreadable, true);
                String name = file.getFileName().toString();
                f++;
                int start = rowsDone.getOrDefault(name, 0);
                StampSource.StampFile sf;
                try {
                    sf = StampSource.open(file, estimator.pixelScale());
                } catch (IOException | RuntimeException e) {
                    unreadable++;
                    // one shard reports it: the one owning the place the file's images would start at
                    if (failedBefore.contains(name) || !shard.owns(offset)) continue; // already reported, or another shard's
                    w.write(ResultColumns.csvLine(MeasurementRow.failed(name, -1, 0, null, Double.NaN, Double.NaN, estimator.provenance(),
                            "unreadable: " + e.getMessage())));
                    w.newLine();
                    w.flush();
                    monitor.warn(name + ": " + e.getMessage());
                    continue;
                }
                try (sf) {
                    // the images of this file this shard owns, in order; the first `start` have their rows already
                    long first = offset;
                    int[] owned = java.util.stream.IntStream.range(0, sf.count()).filter(i -> shard.owns(first + i)).toArray();
                    offset += sf.count();
                    if (start >= owned.length) {
                        skipped++;
                        continue;
                    }
                    if (start > 0) monitor.warn(name + ": " + start + " of " + owned.length + " images already in " + csv
                            + "; going on from image " + owned[start]);
                    String scaleProblem = Estimation.pixelScaleProblem(sf.pixelScale(), estimator.pixelScale());
                    double scale = Double.isFinite(sf.pixelScale()) ? sf.pixelScale() : estimator.pixelScale();
                    // a chunk at a time: memory stays that of one chunk however many images the file holds
                    for (int from = start; from < owned.length; from += CHUNK) {
                        int[] chunk = java.util.Arrays.copyOfRange(owned, from, Math.min(owned.length, from + CHUNK));
                        List<MeasurementRow> rows = estimateChunk(sf, chunk, scale, scaleProblem, name, prep, conditions, estimator, monitor);
                        int to = from + rows.size(); // fewer when cancelled: only whole rows are written
                        for (MeasurementRow r : rows) {
                            if (!r.ok()) refused++;
                            w.write(ResultColumns.csvLine(r));
                            w.newLine();
                        }
                        w.flush();
                        stamps += rows.size();
                        if (files.size() == 1) monitor.progress(to, owned.length);
                        if (monitor.isCancelled() && to < owned.length) return new Summary(f, skipped, stamps, refused, unreadable, true);
                    }
                }
                if (files.size() > 1) monitor.progress(f, files.size());
            }
        }
        return new Summary(f, skipped, stamps, refused, unreadable, monitor.isCancelled());
    }

    /** Stamps per batch read, estimated and written together. */
    static final int CHUNK = 256;

    /** Rows for the stamps {@code images} of an open file, in order. */
    private static List<MeasurementRow> estimateChunk(StampSource.StampFile sf, int[] images, double scale, String scaleProblem,
                                                      String name, StampPreparation prep, ObservingConditions conditions,
                                                      ParameterEstimator estimator, Monitor monitor) throws IOException {
        List<MeasurementRow> rows = new java.util.ArrayList<>(images.length);
        List<StampInput> inputs = new java.util.ArrayList<>();
        List<PreparedStamp> prepared = new java.util.ArrayList<>();
        List<String> notes = new java.util.ArrayList<>();
        for (int i : images) {
            ObservingConditions.Filled filled = conditions.fill(sf.stamp(i));
            StampInput s = filled.stamp();
            String why = scaleProblem;
            PreparedStamp p = null;
            if (why == null) {
                try {
                    p = s.size() == estimator.stampSize() ? prep.stamp(s.pixels(), s.psfFwhm() / scale, s.sigma(), s.id()) : null;
                    why = p == null ? estimator.checkInput(s) : Estimation.noSource(p);
                } catch (IllegalArgumentException e) {
                    why = e.getMessage();
                }
            }
            if (why != null) {
                rows.add(MeasurementRow.failed(name, i, 0, null, Double.NaN, Double.NaN, estimator.provenance(), why));
                continue;
            }
            rows.add(null); // filled below, in order
            inputs.add(new StampInput(s.id(), p.pixels(), s.size(), s.psfFwhm(), s.sigma()));
            prepared.add(p);
            notes.add(ObservingConditions.join(ObservingConditions.join(sf.scaleNote(), sf.psfNote(estimator.psfBeta())),
                    ObservingConditions.join(filled.note(), Estimation.skyNote(p))));
        }
        List<Estimate> results = inputs.isEmpty() ? List.of() : estimator.estimate(inputs, monitor::isCancelled, null);
        int next = 0;
        for (int k = 0; k < rows.size(); k++) {
            if (rows.get(k) != null) continue;
            if (next >= results.size()) return rows.subList(0, k); // cancelled: a rerun goes on from images[k]
            rows.set(k, row(name, images[k], inputs.get(next), prepared.get(next), results.get(next), results.get(next).model(estimator.provenance()), notes.get(next)));
            next++;
        }
        return rows;
    }

    static MeasurementRow row(String file, int index, StampInput in, PreparedStamp p, Estimate e, String model, String note) {
        FitResult fr = e.refined();
        return new MeasurementRow(file, index, 0, null, Double.NaN, Double.NaN, e.best(), Estimation.method(e), fr, e.errors(),
                e.posterior() != null && e.posterior().ok() ? e.posterior() : null, in.psfFwhm(), in.sigma(),
                p.skySubtracted(), p.peak().significance(), model, e.seconds(), ObservingConditions.join(note, e.message()));
    }

    /**
     * A run killed or out of disk space can leave the CSV ending inside a row. That line is dropped, with every row
     * of its file (whose rows are then incomplete), so a rerun estimates that file again instead of counting it
     * done or appending to the cut-off line. The CSV is rewritten through a temporary file. Returns the file
     * name whose rows were dropped, or null when the CSV ends with a whole line.
     */
    static String dropCutOffLine(Path csv) throws IOException {
        if (!Files.isRegularFile(csv) || Files.size(csv) == 0) return null;
        byte[] bytes = Files.readAllBytes(csv);
        if (bytes[bytes.length - 1] == '\n') return null;
        String text = new String(bytes, StandardCharsets.UTF_8);
        int lastBreak = text.lastIndexOf('\n');
        String cut = text.substring(lastBreak + 1);
        String file = cut.startsWith("file,") ? null : firstField(cut);
        StringBuilder kept = new StringBuilder();
        if (lastBreak >= 0)
            for (String line : text.substring(0, lastBreak + 1).split("\n", -1)) {
                if (line.isEmpty()) continue;
                if (file != null && !line.startsWith("file,") && firstField(line).equals(file)) continue;
                kept.append(line).append('\n');
            }
        org.galaxyparams.io.OutputFile.writeString(csv, kept.toString());
        return file == null ? "the header" : file;
    }

    /** Rows per file name in an existing CSV (a file's rows are its first images, in order). */
    static java.util.Map<String, Integer> rowsPerFile(Path csv) throws IOException {
        java.util.Map<String, Integer> n = new java.util.HashMap<>();
        if (!Files.isRegularFile(csv)) return n;
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            // a file once unreadable has that row and, once mended, its images' rows: only those count as done
            if (line.startsWith("file,") || line.isBlank() || line.contains("\"unreadable: ")) continue;
            n.merge(firstField(line), 1, Integer::sum);
        }
        return n;
    }

    /**
     * Refuses to append to a CSV of other columns (an older version's, a catalog, another tool's): the rows would sit
     * under a header that misnames them.
     */
    static void checkHeader(Path csv) throws IOException {
        String other = ResultCsv.otherColumns(csv);
        if (other != null)
            throw new IOException(csv + " holds other columns (" + other + "): give a new output file, or --overwrite to replace it;"
                    + " its rows are left as they are");
    }

    /** Files an existing CSV reports as unreadable (tried again, reported again only if they now read). */
    static Set<String> unreadableFiles(Path csv) throws IOException {
        Set<String> failed = new HashSet<>();
        if (!Files.isRegularFile(csv)) return failed;
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8))
            if (!line.startsWith("file,") && line.contains("\"unreadable: ")) failed.add(firstField(line));
        return failed;
    }

    static String firstField(String line) {
        if (line.startsWith("\"")) {
            int end = line.indexOf("\",");
            return end > 0 ? line.substring(1, end) : line;
        }
        int c = line.indexOf(',');
        return c < 0 ? line : line.substring(0, c);
    }

}
