package org.galaxyparams.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.galaxyparams.app.ResultColumns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run split into shards and merged equals the run in one piece, row for row (time aside), for estimate over a
 * folder of several files and for fit; a part twice or a part missing is refused with a message.
 */
class ShardMergeTest {
    @TempDir
    Path tmp;

    /** The rows without the time column, which differs from run to run. */
    private static List<String> rowsWithoutTime(Path csv) throws Exception {
        int time = List.of(ResultColumns.header().split(",")).indexOf("time_s");
        return Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#") && !l.startsWith("file,")).map(l -> {
            String[] f = l.split(",", -1);
            f[time] = "";
            return String.join(",", f);
        }).toList();
    }

    /**
     * Same rows: text fields equal, numbers equal to 1e-5 relative. PyTorch's float32 convolutions round differently
     * for a batch of 9 and batches of 3 (the last printed digit of a flux of 2e5 moves by 0.02).
     */
    private static void assertSameRows(List<String> expected, List<String> actual) {
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++) {
            String[] a = expected.get(r).split(",", -1), b = actual.get(r).split(",", -1);
            assertEquals(a.length, b.length);
            for (int c = 0; c < a.length; c++) {
                if (a[c].equals(b[c])) continue;
                double x = Double.parseDouble(a[c]), y = Double.parseDouble(b[c]);
                assertEquals(x, y, 1e-5 * Math.max(1, Math.abs(x)), "row " + r + " column " + c + ": " + expected.get(r) + " vs " + actual.get(r));
            }
        }
    }

    @Test
    void estimateShardsMergeToTheSingleRun() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        assertEquals(0, Main.execute("simulate", "--preset", "dataset3", "--count", "5", "--seed", "21", "--out", in.resolve("a.fits").toString()));
        assertEquals(0, Main.execute("simulate", "--preset", "dataset3", "--count", "4", "--seed", "22", "--out", in.resolve("b.fits").toString()));
        Files.writeString(in.resolve("c.fits"), "not FITS");
        Path whole = tmp.resolve("whole.csv");
        assertEquals(0, Main.execute("estimate", "--in", in.toString(), "--out", whole.toString(), "--threads", "1"));
        Path[] parts = new Path[3];
        for (int k = 0; k < 3; k++) {
            parts[k] = tmp.resolve("part-" + k + ".csv");
            assertEquals(0, Main.execute("estimate", "--in", in.toString(), "--out", parts[k].toString(), "--threads", "1", "--shard", k + "/3"));
        }
        assertEquals(4, rowsWithoutTime(parts[0]).size(), "images 0, 3, 6 of 9 and the unreadable file's row");
        Path merged = tmp.resolve("merged.csv");
        assertEquals(0, Main.execute("merge", "--out", merged.toString(), "--in", in.toString(), parts[0].toString(), parts[1].toString(),
                parts[2].toString()));
        assertSameRows(rowsWithoutTime(whole), rowsWithoutTime(merged));

        Path bad = tmp.resolve("bad.csv");
        assertEquals(2, Main.execute("merge", "--out", bad.toString(), parts[0].toString(), parts[0].toString()), "a part twice");
        assertEquals(2, Main.execute("merge", "--out", bad.toString(), "--in", in.toString(), parts[0].toString(), parts[2].toString()),
                "a part missing");
        assertFalse(Files.exists(bad));
    }

    @Test
    void fitShardsMergeToTheSingleRun() throws Exception {
        Path fits = tmp.resolve("f.fits");
        assertEquals(0, Main.execute("simulate", "--preset", "snr60", "--count", "5", "--seed", "23", "--out", fits.toString()));
        Path whole = tmp.resolve("whole.csv");
        assertEquals(0, Main.execute("fit", "--in", fits.toString(), "--out", whole.toString(), "--threads", "1"));
        Path p0 = tmp.resolve("p0.csv"), p1 = tmp.resolve("p1.csv");
        assertEquals(0, Main.execute("fit", "--in", fits.toString(), "--out", p0.toString(), "--threads", "1", "--shard", "0/2"));
        assertEquals(0, Main.execute("fit", "--in", fits.toString(), "--out", p1.toString(), "--threads", "1", "--shard", "1/2"));
        Path merged = tmp.resolve("merged.csv");
        assertEquals(0, Main.execute("merge", "--out", merged.toString(), "--in", fits.toString(), p1.toString(), p0.toString()));
        assertEquals(rowsWithoutTime(whole), rowsWithoutTime(merged));
    }
}
