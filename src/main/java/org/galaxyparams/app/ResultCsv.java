package org.galaxyparams.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Appends result rows to a CSV in {@link ResultColumns}' schema, writing the header when the file is new or empty. */
public final class ResultCsv {
    private ResultCsv() {}

    public static void append(Path csv, List<MeasurementRow> rows) throws IOException {
        boolean fresh = checkAppendable(csv);
        try (BufferedWriter w = org.galaxyparams.io.OutputFile.append(csv)) {
            if (fresh) {
                w.write(ResultColumns.header());
                w.newLine();
            }
            for (MeasurementRow r : rows) {
                w.write(ResultColumns.csvLine(r));
                w.newLine();
            }
        }
    }

    /**
     * Checks before any work that rows can be appended to {@code csv}: its folder can be written (made when missing)
     * and an existing file has this schema's header. Returns whether the file is new or empty (the header is then to
     * be written).
     *
     * @throws IOException naming the problem and the fix
     */
    public static boolean checkAppendable(Path csv) throws IOException {
        Path parent = csv.toAbsolutePath().getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException("cannot make the folder " + parent + " for " + csv.getFileName() + ": give save_csv in a folder you can write to", e);
        }
        if (Files.isDirectory(csv)) throw new IOException(csv + " is a folder: give a file name inside it, e.g. " + csv.resolve("results.csv"));
        boolean fresh = !Files.isRegularFile(csv) || Files.size(csv) == 0;
        if (parent != null && !Files.isWritable(fresh && !Files.exists(csv) ? parent : csv))
            throw new IOException("cannot write " + csv + " (permission denied): give save_csv in a folder you can write to");
        String other = fresh ? null : otherColumns(csv);
        if (other != null) throw new IOException(csv + " holds other columns (" + other + "): give a new file name; its rows are left as they are");
        return fresh;
    }

    /** The first line of an existing CSV, shortened, when it is not this schema's header; null when it is. */
    static String otherColumns(Path csv) throws IOException {
        String first;
        try (var lines = Files.lines(csv, StandardCharsets.UTF_8)) {
            first = lines.findFirst().orElse("");
        }
        return first.equals(ResultColumns.header()) ? null : first.length() > 60 ? first.substring(0, 60) + "..." : first;
    }
}
