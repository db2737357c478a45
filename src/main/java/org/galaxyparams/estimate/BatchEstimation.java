package org.galaxyparams.estimate;

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
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.galaxyparams.fit.FitResult;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.ProgressListener;

/**
 * Estimates every stamp of a folder or file into one CSV, one row per stamp in input order. A file that
 * cannot be read gets a row saying why and the run goes on; a rerun with the same CSV skips the files
 * already in it (files that failed are tried again, and reported again only if they now read).
 */
public final class BatchEstimation {
    public static final String HEADER = "file,index,flux,sersic_n,hlr,g1,g2,flux_err,sersic_n_err,hlr_err,g1_err,g2_err,"
            + "refined,psf_fwhm,sigma,model,time_s,message";


    /** What a run did. */
    public record Summary(int files, int skippedFiles, int stamps, int refused, int unreadable, boolean cancelled) {}

    private BatchEstimation() {}

    public static Summary run(Path in, Path csv, ParameterEstimator estimator, ObservingConditions conditions,
                              ProgressListener progress, BooleanSupplier cancelled, Consumer<String> log) throws IOException {
        // one run at a time per CSV: two appending to it would double the header and every row. An OS lock on a
        // hidden file beside it goes away with the process, so a killed run never blocks the next one.
        Path parent = csv.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path lockFile = csv.toAbsolutePath().resolveSibling("." + csv.getFileName() + ".lock");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null)
                throw new IOException("another estimate run is writing " + csv + ": wait for it to finish, or give another --out");
            try {
                return runLocked(in, csv, estimator, conditions, progress, cancelled, log);
            } finally {
                lock.release();
                Files.deleteIfExists(lockFile);
            }
        }
    }

    private static Summary runLocked(Path in, Path csv, ParameterEstimator estimator, ObservingConditions conditions,
                                     ProgressListener progress, BooleanSupplier cancelled, Consumer<String> log) throws IOException {
        List<Path> files = StampSource.files(in);
        String dropped = dropCutOffLine(csv);
        if (dropped != null) log.accept(csv + ": the last run stopped mid-row; " + dropped + " is estimated again");
        Set<String> done = doneFiles(csv, false);
        Set<String> failedBefore = doneFiles(csv, true);
        boolean fresh = !Files.isRegularFile(csv) || Files.size(csv) == 0;
        if (csv.toAbsolutePath().getParent() != null) Files.createDirectories(csv.toAbsolutePath().getParent());
        int stamps = 0, refused = 0, unreadable = 0, skipped = 0, f = 0;
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            if (fresh) {
                w.write(HEADER);
                w.newLine();
            }
            for (Path file : files) {
                if (cancelled.getAsBoolean()) return new Summary(f, skipped, stamps, refused, unreadable, true);
                String name = file.getFileName().toString();
                f++;
                if (done.contains(name)) {
                    skipped++;
                    continue;
                }
                StampSource.FileStamps fs;
                try {
                    fs = StampSource.read(file, estimator.pixelScale());
                } catch (IOException | RuntimeException e) {
                    unreadable++;
                    if (failedBefore.contains(name)) continue; // already reported in this CSV
                    w.write(csv(name) + ",,,,,,,,,,,,,,," + csv(estimator.provenance()) + ",," + csv("unreadable: " + e.getMessage()));
                    w.newLine();
                    w.flush();
                    log.accept(name + ": " + e.getMessage());
                    continue;
                }
                List<StampInput> inputs = new java.util.ArrayList<>(fs.stamps().size());
                List<String> notes = new java.util.ArrayList<>(fs.stamps().size());
                for (StampInput s : fs.stamps()) {
                    ObservingConditions.Filled filled = conditions.fill(s);
                    inputs.add(filled.stamp());
                    notes.add(filled.note());
                }
                String scaleProblem = pixelScaleProblem(fs.pixelScale(), estimator.pixelScale());
                List<Estimate> results = scaleProblem != null ? null : estimator.estimate(inputs, cancelled, null);
                for (int i = 0; i < inputs.size(); i++) {
                    Estimate e = results == null ? Estimate.refused(inputs.get(i).id(), scaleProblem)
                            : i < results.size() ? results.get(i) : Estimate.refused(inputs.get(i).id(), "cancelled");
                    if (!e.ok()) refused++;
                    w.write(row(name, i, inputs.get(i), e, estimator.provenance(), notes.get(i)));
                    w.newLine();
                }
                w.flush();
                stamps += inputs.size();
                if (progress != null) progress.progress(f, files.size());
            }
        }
        return new Summary(f, skipped, stamps, refused, unreadable, cancelled.getAsBoolean());
    }

    /** Why a file's pixel scale does not suit the model (more than 0.5 % off), or null. */
    public static String pixelScaleProblem(double fileScale, double modelScale) {
        if (!Double.isFinite(fileScale) || Math.abs(fileScale / modelScale - 1) <= 0.005) return null;
        return String.format(Locale.ROOT, "pixel scale %.4g arcsec/pixel, but the model was trained at %.4g:"
                + " resample the image to the model's scale or use a model trained for this one", fileScale, modelScale);
    }

    static String row(String file, int index, StampInput in, Estimate e, String model, String note) {
        StringBuilder b = new StringBuilder(csv(file)).append(',').append(index);
        GalaxyParams p = e.best();
        if (p == null) {
            b.append(",,,,,");
        } else {
            b.append(String.format(Locale.ROOT, ",%.2f,%.4f,%.5f,%.5f,%.5f", p.flux(), p.sersicN(), p.hlrArcsec(), p.g1(), p.g2()));
        }
        FitResult fr = e.refined();
        if (fr != null && fr.errors() != null) {
            double[] err = fr.errors();
            b.append(String.format(Locale.ROOT, ",%.2f,%.4f,%.5f,%.5f,%.5f,1", err[0], err[1], err[2], err[3], err[4]));
        } else {
            b.append(",,,,,,0");
        }
        b.append(String.format(Locale.ROOT, ",%.4f,%.3f,", in.psfFwhm(), in.sigma())).append(csv(model));
        b.append(String.format(Locale.ROOT, ",%.5f,", e.seconds())).append(csv(ObservingConditions.join(note, e.message())));
        return b.toString();
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
        Path tmp = org.galaxyparams.io.TempFiles.track(csv.toAbsolutePath().resolveSibling("." + csv.getFileName() + ".repair.tmp"));
        try {
            Files.writeString(tmp, kept.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
            org.galaxyparams.io.TempFiles.release(tmp);
        }
        return file == null ? "the header" : file;
    }

    /** Files with at least one row in an existing CSV and no "unreadable" row, or ({@code failed}) those with one. */
    static Set<String> doneFiles(Path csv, boolean failedOnes) throws IOException {
        Set<String> done = new HashSet<>();
        if (!Files.isRegularFile(csv)) return done;
        Set<String> failed = new HashSet<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            if (line.startsWith("file,") || line.isBlank()) continue;
            String file = firstField(line);
            (line.contains("\"unreadable: ") ? failed : done).add(file);
        }
        done.removeAll(failed);
        return failedOnes ? failed : done;
    }

    private static String firstField(String line) {
        if (line.startsWith("\"")) {
            int end = line.indexOf("\",");
            return end > 0 ? line.substring(1, end) : line;
        }
        int c = line.indexOf(',');
        return c < 0 ? line : line.substring(0, c);
    }

    static String csv(String s) {
        return "\"" + (s == null ? "" : s.replace("\"", "'").replace('\n', ' ')) + "\"";
    }
}
