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
 * loudly on a duplicated row, and, given the run's input, on a missing one. Catalog parts ({@link CatalogColumns})
 * merge the same way, by source id; each part says how many sources the field has, so a missing one is found
 * without the field.
 */
public final class MergeRows {
    private MergeRows() {}

    /** What a merge did. */
    public record Summary(int rows, int parts, boolean checkedAgainstInput, boolean catalog) {}

    /**
     * @param input the run's input (folder or file), to check that every image has its row; null to check only for
     *              duplicates and for gaps in each file's indices
     */
    public static Summary merge(List<Path> parts, Path out, Path input) throws IOException {
        if (parts.isEmpty()) throw new IllegalArgumentException("no parts to merge: give the shards' CSVs");
        // file -> index ("" for a file-level row) -> line, and where each came from
        Map<String, TreeMap<Integer, String>> rows = new TreeMap<>();
        Map<String, Path> from = new HashMap<>();
        Map<String, Integer> sourcesFound = new HashMap<>();
        String header = null;
        for (Path part : parts) {
            List<String> lines = Files.readAllLines(part, StandardCharsets.UTF_8);
            int headerAt = 0;
            while (headerAt < lines.size() && lines.get(headerAt).startsWith("#")) {
                java.util.regex.Matcher m = CatalogFiles.FOUND.matcher(lines.get(headerAt++));
                if (m.matches()) {
                    Integer before = sourcesFound.put(m.group(1), Integer.parseInt(m.group(2)));
                    if (before != null && before != Integer.parseInt(m.group(2)))
                        throw new IllegalArgumentException(part + " found " + m.group(2) + " sources in " + m.group(1) + ", another part " + before
                                + ": the parts come from different runs (other detection settings?); merge the parts of one run");
                }
            }
            String partHeader = headerAt < lines.size() ? lines.get(headerAt) : "";
            if (!partHeader.equals(ResultColumns.header()) && !partHeader.equals(CatalogColumns.header()))
                throw new IllegalArgumentException(part + " is not a Galaxy Params result CSV or catalog of this version (its header differs)");
            if (header != null && !header.equals(partHeader))
                throw new IllegalArgumentException(part + " is a " + kind(partHeader) + ", the parts before it " + kind(header) + "s: merge parts of one run");
            header = partHeader;
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
        boolean catalog = header.equals(CatalogColumns.header());
        if (catalog) checkCatalog(rows, sourcesFound);
        else if (input != null) checkComplete(rows, input);
        else checkGaps(rows);
        int n = 0;
        try (OutputFile f = OutputFile.open(out, parts.toArray(Path[]::new))) {
            BufferedWriter w = f.writer();
            if (catalog) {
                for (Map.Entry<String, Integer> e : new TreeMap<>(sourcesFound).entrySet()) {
                    w.write(CatalogFiles.foundLine(e.getKey(), e.getValue()));
                    w.newLine();
                }
                w.write("# merged from " + parts.size() + " parts");
                w.newLine();
            }
            w.write(header);
            w.newLine();
            for (TreeMap<Integer, String> file : rows.values())
                for (String line : file.values()) {
                    w.write(line);
                    w.newLine();
                    n++;
                }
            f.commit();
        }
        return new Summary(n, parts.size(), input != null, catalog);
    }

    private static String kind(String header) { return header.equals(CatalogColumns.header()) ? "catalog" : "result CSV"; }

    /** Every source id 1..N of every field has its row, N as the parts say (the id column holds id - 1 + 1). */
    private static void checkCatalog(Map<String, TreeMap<Integer, String>> rows, Map<String, Integer> found) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Integer, String>> e : rows.entrySet()) {
            Integer n = found.get(e.getKey());
            if (n == null) throw new IllegalArgumentException("no part says how many sources " + e.getKey() + " has (a '# sources found' line):"
                    + " the parts were edited or are not catalogs of this version");
            for (int id = 1; id <= n; id++) if (!e.getValue().containsKey(id)) missing.add(e.getKey() + " source " + id);
        }
        int count = missing.size();
        for (String field : found.keySet())
            if (!rows.containsKey(field) && found.get(field) > 0) {
                missing.add(field + " (all " + found.get(field) + " sources)");
                count += found.get(field);
            }
        if (!missing.isEmpty())
            throw new IllegalArgumentException(count + " rows are missing, first " + missing.subList(0, Math.min(5, missing.size()))
                    + ": a shard did not finish; rerun it and merge again");
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
