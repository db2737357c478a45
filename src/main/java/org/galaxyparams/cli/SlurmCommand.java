package org.galaxyparams.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.galaxyparams.app.SlurmScripts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slurm}: the sbatch scripts of a sharded estimate, fit or catalog run, and (with --submit) their submission. */
@Command(name = "slurm", mixinStandardHelpOptions = true,
        description = "Writes a Slurm job array (task k runs the command with --shard k/N) and a merge job that runs after it;"
                + " --submit submits both. Example: slurm --tasks 8 --dir runs/d3 --submit -- estimate --in d3.fits --out d3.csv")
final class SlurmCommand implements Callable<Integer> {
    @Option(names = "--tasks", required = true, description = "array tasks = shards")
    int tasks;
    @Option(names = "--dir", required = true, description = "folder for the scripts, the part CSVs and the logs (on a file system the nodes share)")
    Path dir;
    @Option(names = "--submit", description = "submit with sbatch: the array, then the merge with --dependency=afterok")
    boolean submit;
    @Parameters(description = "the run after --: estimate, fit or catalog with its options, including --in and --out")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path jar = Path.of(SlurmCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path work = Files.createDirectories(dir).toAbsolutePath();
        SlurmScripts s = new SlurmScripts(java, jar, command, tasks, work);
        Path array = work.resolve("array.sbatch"), merge = work.resolve("merge.sbatch");
        org.galaxyparams.io.OutputFile.writeString(array, s.arrayScript());
        org.galaxyparams.io.OutputFile.writeString(merge, s.mergeScript());
        System.out.println("wrote " + array + " and " + merge);
        if (!submit) {
            System.out.println("submit with: id=$(sbatch --parsable " + array + ") && sbatch --dependency=afterok:$id " + merge);
            return 0;
        }
        String arrayId = sbatch(List.of("sbatch", "--parsable", array.toString()));
        String mergeId = sbatch(List.of("sbatch", "--parsable", "--dependency=afterok:" + arrayId, merge.toString()));
        System.out.println("submitted array job " + arrayId + " (" + tasks + " tasks) and merge job " + mergeId + " into " + s.out());
        return 0;
    }

    private static String sbatch(List<String> cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalArgumentException("sbatch could not be started (" + e.getMessage() + "): run this on a Slurm login node, or"
                    + " submit the scripts by hand");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) throw new IllegalArgumentException(String.join(" ", cmd) + " failed: " + out);
        return out.split(";")[0].trim();
    }
}
