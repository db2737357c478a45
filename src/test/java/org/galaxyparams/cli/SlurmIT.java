package org.galaxyparams.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.galaxyparams.app.ResultColumns;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Slurm job array for real: {@code slurm --tasks 3 --submit -- estimate ...} on a one-node Slurm (.ci/slurm-up sets
 * it up), then the merge job; the merged CSV equals the single-process CSV row for row (time aside; network numbers
 * to float32 rounding, see ShardMergeTest). Skipped, saying why, where no Slurm runs.
 */
class SlurmIT {
    @TempDir
    Path dir;

    private static String run(List<String> cmd, Path workDir) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), cmd + "\n" + out);
        return out;
    }

    private static boolean slurmIdle() {
        try {
            Process p = new ProcessBuilder("sinfo", "-h", "-o", "%T").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && out.contains("idle");
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> rows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        String header = lines.stream().filter(l -> l.startsWith("file,")).findFirst().orElse(ResultColumns.header());
        int time = List.of(header.split(",")).indexOf("time_s");
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("#") || l.startsWith("file,")) continue;
            String[] f = l.split(",", -1);
            f[time] = "";
            out.add(String.join(",", f));
        }
        return out;
    }

    @Test
    void aJobArrayAndItsMergeGiveTheSingleProcessCsv() throws Exception {
        Assumptions.assumeTrue(slurmIdle(), "no idle Slurm node here (sinfo): .ci/slurm-up sets up a one-node Slurm as root");
        Path jar = Path.of(System.getProperty("galaxyparams.jar", "target/Galaxy_Params.jar")).toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path in = Files.createDirectories(dir.resolve("in"));
        try (Stream<Path> s = Files.list(Path.of("test-images"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".fits")).toList()) Files.copy(p, in.resolve(p.getFileName()));
        }
        Path single = dir.resolve("single.csv");
        run(List.of(java, "-jar", jar.toString(), "estimate", "--in", in.toString(), "--out", single.toString(), "--threads", "1"), dir);

        Path merged = dir.resolve("merged.csv");
        String submitted = run(List.of(java, "-jar", jar.toString(), "slurm", "--tasks", "3", "--dir", dir.resolve("run").toString(),
                "--submit", "--", "estimate", "--in", in.toString(), "--out", merged.toString(), "--threads", "1"), dir);
        assertTrue(submitted.contains("submitted array job"), submitted);
        String mergeId = submitted.substring(submitted.indexOf("merge job ") + 10).split(" ")[0];
        // wait for the merge job to leave the queue
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (System.nanoTime() < deadline) {
            Process q = new ProcessBuilder("squeue", "-h", "-j", mergeId).redirectErrorStream(true).start();
            String out = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            q.waitFor();
            if (out.isEmpty() || out.contains("Invalid job id")) break;
            Thread.sleep(1000);
        }
        String logs = "";
        try (Stream<Path> s = Files.list(dir.resolve("run"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".log")).toList()) logs += p.getFileName() + ":\n" + Files.readString(p) + "\n";
        }
        assertTrue(Files.isRegularFile(merged), "no merged CSV; logs:\n" + logs);
        List<String> a = rows(single), b = rows(merged);
        assertEquals(a.size(), b.size(), logs);
        for (int r = 0; r < a.size(); r++) {
            String[] x = a.get(r).split(",", -1), y = b.get(r).split(",", -1);
            for (int c = 0; c < x.length; c++) {
                if (x[c].equals(y[c])) continue;
                assertEquals(Double.parseDouble(x[c]), Double.parseDouble(y[c]), 1e-5 * Math.max(1, Math.abs(Double.parseDouble(x[c]))),
                        "row " + r + ": " + a.get(r) + " vs " + b.get(r));
            }
        }
        assertTrue(logs.contains("merged " + a.size() + " rows of 3 parts"), logs);
    }

    /** The same for a field catalog; then a part lost (a killed task) is redone by running that task alone, and the merge completes. */
    @Test
    void aCatalogJobArrayGivesTheSingleProcessCatalogAndALostPartIsRedoneAlone() throws Exception {
        Assumptions.assumeTrue(slurmIdle(), "no idle Slurm node here (sinfo): .ci/slurm-up sets up a one-node Slurm as root");
        Path jar = Path.of(System.getProperty("galaxyparams.jar", "target/Galaxy_Params.jar")).toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path field = dir.resolve("field.fits"), single = dir.resolve("single.csv"), merged = dir.resolve("merged.csv");
        run(List.of(java, "-jar", jar.toString(), "simulate-field", "--out", field.toString(), "--width", "1024", "--height", "1024",
                "--galaxies", "70", "--stars", "4", "--seed", "5"), dir); // more than one block of 64 ids: both tasks have sources
        run(List.of(java, "-jar", jar.toString(), "catalog", "--in", field.toString(), "--out", single.toString(), "--threads", "1"), dir);
        Path work = dir.resolve("run");
        String submitted = run(List.of(java, "-jar", jar.toString(), "slurm", "--tasks", "2", "--dir", work.toString(),
                "--submit", "--", "catalog", "--in", field.toString(), "--out", merged.toString(), "--threads", "1"), dir);
        String mergeId = submitted.substring(submitted.indexOf("merge job ") + 10).split(" ")[0];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (System.nanoTime() < deadline) {
            Process q = new ProcessBuilder("squeue", "-h", "-j", mergeId).redirectErrorStream(true).start();
            String out = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            q.waitFor();
            if (out.isEmpty() || out.contains("Invalid job id")) break;
            Thread.sleep(1000);
        }
        assertTrue(Files.isRegularFile(merged), "no merged catalog");
        assertEquals(rows(single), rows(merged));
        // a task killed before it wrote its part: its part is missing, the merge says so, the task alone redoes it
        Files.delete(work.resolve("part-1.csv"));
        Path script = work.resolve("array.sbatch");
        assertTrue(Files.isRegularFile(script), "the array script is in the run folder");
        ProcessBuilder task = new ProcessBuilder("bash", script.toString()).directory(dir.toFile()).redirectErrorStream(true);
        task.environment().put("SLURM_ARRAY_TASK_ID", "1");
        Process t = task.start();
        String taskOut = new String(t.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, t.waitFor(), taskOut);
        Files.delete(merged);
        run(List.of(java, "-jar", jar.toString(), "merge", "--out", merged.toString(), work.resolve("part-0.csv").toString(),
                work.resolve("part-1.csv").toString()), dir);
        assertEquals(rows(single), rows(merged));
    }
}
