package org.galaxyparams.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two sbatch scripts of a sharded run: a job array whose task k runs the command with {@code --shard k/N} into
 * its own part CSV, and a merge job (submitted to run after the whole array succeeded) that joins the parts into the
 * run's {@code --out}.
 *
 * @param java the java executable the nodes run
 * @param jar Galaxy_Params.jar (its lib/ folder beside it)
 * @param command the run: "estimate", "fit" or "catalog" and its options, including --in and --out
 * @param tasks N, the number of array tasks and shards
 * @param workDir where the scripts, the part CSVs and the logs go (shared by the nodes)
 */
public record SlurmScripts(String java, Path jar, List<String> command, int tasks, Path workDir) {
    public SlurmScripts {
        if (tasks < 1) throw new IllegalArgumentException("--tasks " + tasks + ": give 1 or more");
        if (command.isEmpty() || !List.of("estimate", "fit", "catalog").contains(command.get(0)))
            throw new IllegalArgumentException("slurm runs estimate, fit or catalog: give the command after --, e.g. -- estimate --in DIR --out all.csv");
        if (command.contains("--shard")) throw new IllegalArgumentException("leave --shard out: each array task gets its own");
        if (command.stream().anyMatch(a -> a.equals("--count") || a.startsWith("--count=")))
            throw new IllegalArgumentException("leave --count out: the merge job checks that every image of --in has its row, so a"
                    + " sharded run measures whole files (for a part of a dataset, run it unsharded with --count)");
        if (value(command, "--in") == null || value(command, "--out") == null)
            throw new IllegalArgumentException("the command needs --in and --out (the merged CSV)");
        command = List.copyOf(command);
    }

    static String value(List<String> args, String option) {
        int i = args.indexOf(option);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    /** The merged CSV the run writes. */
    public Path out() { return Path.of(value(command, "--out")).toAbsolutePath(); }

    public Path in() { return Path.of(value(command, "--in")).toAbsolutePath(); }

    public Path part(int k) { return workDir.resolve("part-" + k + ".csv"); }

    /** The array job: task k runs the command into part-k.csv with --shard k/N. */
    public String arrayScript() {
        List<String> args = new ArrayList<>(command);
        args.set(args.indexOf("--out") + 1, workDir.resolve("part-${SLURM_ARRAY_TASK_ID}.csv").toString());
        args.set(args.indexOf("--in") + 1, in().toString());
        // a catalog's parts are CSVs only: the merge joins them into the run's catalog
        if (command.get(0).equals("catalog")) {
            int f = args.indexOf("--fits");
            if (f >= 0 && f + 1 < args.size()) args.set(f + 1, "none");
            else args.addAll(List.of("--fits", "none"));
        }
        return "#!/bin/bash\n"
                + "#SBATCH --job-name=galaxy-params-" + command.get(0) + "\n"
                + "#SBATCH --array=0-" + (tasks - 1) + "\n"
                + "#SBATCH --output=" + workDir.resolve("task-%a.log") + "\n"
                + "# written by Galaxy_Params.jar slurm: each task measures the images g with g mod " + tasks + " = its index\n"
                + "set -euo pipefail\n"
                + "exec " + quote(java) + " -jar " + quote(jar.toString()) + " " + join(args)
                + " --shard \"${SLURM_ARRAY_TASK_ID}/" + tasks + "\"\n";
    }

    /** The merge job, for after the array. */
    public String mergeScript() {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < tasks; k++) parts.add(part(k).toString());
        return "#!/bin/bash\n"
                + "#SBATCH --job-name=galaxy-params-merge\n"
                + "#SBATCH --output=" + workDir.resolve("merge.log") + "\n"
                + "set -euo pipefail\n"
                + "exec " + quote(java) + " -jar " + quote(jar.toString()) + " merge --overwrite --in " + quote(in().toString()) + " --out "
                + quote(out().toString()) + " " + join(parts) + "\n";
    }

    private static String join(List<String> args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) b.append(b.length() == 0 ? "" : " ").append(a.contains("${SLURM_ARRAY_TASK_ID}") ? "\"" + a + "\"" : quote(a));
        return b.toString();
    }

    /** A word for bash: as it is when safe, else in single quotes. */
    static String quote(String s) {
        return s.matches("[-A-Za-z0-9_./=:+@,]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
