package org.galaxyparams.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.galaxyparams.app.MergeRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code merge}: the CSVs of a sharded estimate or fit run joined in input order. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Joins the CSVs of the shards of one estimate or fit run (--shard k/N) in input order; fails on a duplicated"
                + " row, and with --in on a missing one.")
final class MergeCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "merged CSV")
    Path out;
    @Option(names = "--in", description = "the run's input (folder or FITS), to check that every image has its row")
    Path in;
    @Option(names = "--overwrite", description = "replace an existing --out")
    boolean overwrite;
    @Parameters(arity = "1..*", description = "the shards' CSVs")
    List<Path> parts;

    @Override
    public Integer call() throws Exception {
        for (Path p : parts) if (!Files.isRegularFile(p)) throw new IllegalArgumentException(p + ": no such file");
        if (parts.contains(out)) throw new IllegalArgumentException("--out " + out + " is one of the parts: give another file");
        if (Files.exists(out) && !overwrite) throw new IllegalArgumentException("--out " + out + " exists: give --overwrite to replace it");
        MergeRows.Summary s = MergeRows.merge(parts, out, in);
        System.out.println("merged " + s.rows() + " rows of " + s.parts() + " parts into " + out
                + (s.catalog() ? ", every source of each field present" : s.checkedAgainstInput() ? ", every image of " + in + " present"
                : " (give --in to check that no row is missing)"));
        return 0;
    }
}
