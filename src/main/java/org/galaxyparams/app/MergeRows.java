package org.galaxyparams.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.galaxyparams.estimate.StampSource;
import org.galaxyparams.io.OutputFile;

/**
 * Joins the CSVs of a sharded run ({@link Shard}) into one, in input order (file name, then image index), and fails
 * loudly on a duplicated row, and, given the run's input, on a missing one.
 */
public final class MergeRows {
    private MergeRows() {}

    /** What a merge did. */
    public record Summary(int rows, int parts, boolean checkedAgainstInput) {}

    /**
     * @param input the run's input (folder or file), to check that every image has its row; null to check only for
     *              duplicates and for gaps in each file's indices
     */
    public static Summary merge(List<Path> parts, Path out, Path input) throws IOException {
        if (parts.isEmpty()) throw new IllegalArgumentException("no parts to merge: give the shards' CSVs");
        // file -> index ("" for a file-level row) -> line, and where each came from
        Map<String, TreeMap<Integer, String>> rows = new TreeMap<>();
        Map<String, Path> from = new HashMap<>();
        for (Path part : parts) {
            List<String> lines = Files.readAllLines(part, StandardCharsets.UTF_8);
            int headerAt = 0;
            while (headerAt < lines.size() && lines.get(headerAt).startsWith("#")) headerAt++;
            if (headerAt >= lines.size() || !lines.get(headerAt).equals(ResultColumns.header()))
                throw new IllegalArgumentException(part + " is not a Galaxy Params result CSV of this version (its header differs)");
            for (String line : lines.subList(headerAt + 1, lines.size())) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String file = EstimateFiles.firstField(line);
                int afterFile = line.startsWith("\"") ? line.indexOf("\",") + 2 : line.indexOf(',') + 1;
                int comma = line.indexOf(',', afterFile);
                String idx = line.substring(afterFile, comma < 0 ? line.length() : comma);
                int index = idx.isEmpty() ? -1 : Integer.parseInt(idx);
                String key = file + "#" + index;
                Path before = from.putIfAbsent(key, part);
                if (before != null)
                    throw new IllegalArgumentException("image " + index + " of " + file + " has a row in " + before + " and in " + part
                            + ": the parts overlap; merge the parts of one run, each once");
                rows.computeIfAbsent(file, k -> new TreeMap<>()).put(index, line);
            }
        }
        if (input != null) checkComplete(rows, input);
        else checkGaps(rows);
        int n = 0;
        try (OutputFile f = OutputFile.open(out, parts.toArray(Path[]::new))) {
            BufferedWriter w = f.writer();
            w.write(ResultColumns.header());
            w.newLine();
            for (TreeMap<Integer, String> file : rows.values())
                for (String line : file.values()) {
                    w.write(line);
                    w.newLine();
                    n++;
                }
            f.commit();
        }
        return new Summary(n, parts.size(), input != null);
    }

    /** Every image of every input file has its row (a file that cannot be read: its one row). */
    private static void checkComplete(Map<String, TreeMap<Integer, String>> rows, Path input) throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path f : StampSource.files(input)) {
            String name = f.getFileName().toString();
            TreeMap<Integer, String> have = rows.getOrDefault(name, new TreeMap<>());
            int count;
            try (StampSource.StampFile sf = StampSource.open(f, 0.23)) {
                count = sf.count();
            } catch (IOException | RuntimeException unreadable) {
                if (!have.containsKey(-1)) missing.add(name + " (its 'unreadable' row)");
                continue;
            }
            for (int i = 0; i < count; i++) if (!have.containsKey(i)) missing.add(name + " image " + i);
        }
        if (!missing.isEmpty())
            throw new IllegalArgumentException(missing.size() + " rows are missing, first " + missing.subList(0, Math.min(5, missing.size()))
                    + ": a shard did not finish; rerun it (it goes on where it stopped) and merge again");
    }

    private static void checkGaps(Map<String, TreeMap<Integer, String>> rows) {
        for (Map.Entry<String, TreeMap<Integer, String>> e : rows.entrySet()) {
            int expect = 0;
            for (int i : e.getValue().keySet()) {
                if (i < 0) continue;
                if (i != expect)
                    throw new IllegalArgumentException(e.getKey() + ": rows for images " + expect + ".." + (i - 1) + " are missing:"
                            + " a shard did not finish; rerun it (it goes on where it stopped) and merge again");
                expect = i + 1;
            }
        }
    }
}
