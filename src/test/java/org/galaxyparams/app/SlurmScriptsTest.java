package org.galaxyparams.app;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlurmScriptsTest {
    @Test
    void theArrayRunsOneShardPerTaskAndTheMergeJoinsThem() {
        SlurmScripts s = new SlurmScripts("/usr/bin/java", Path.of("/opt/gp/Galaxy_Params.jar"),
                List.of("estimate", "--in", "/data/my stamps", "--out", "/data/all.csv", "--denoiser", "rdn"), 4, Path.of("/scratch/run"));
        String array = s.arrayScript();
        assertTrue(array.contains("#SBATCH --array=0-3"), array);
        assertTrue(array.contains("exec /usr/bin/java -jar /opt/gp/Galaxy_Params.jar estimate --in '/data/my stamps' --out"
                + " \"/scratch/run/part-${SLURM_ARRAY_TASK_ID}.csv\" --denoiser rdn --shard \"${SLURM_ARRAY_TASK_ID}/4\""), array);
        String merge = s.mergeScript();
        assertTrue(merge.contains("merge --overwrite --in '/data/my stamps' --out /data/all.csv /scratch/run/part-0.csv"
                + " /scratch/run/part-1.csv /scratch/run/part-2.csv /scratch/run/part-3.csv"), merge);
    }

    @Test
    void aCatalogRunWritesCsvPartsAndMergesThem() {
        SlurmScripts s = new SlurmScripts("java", Path.of("/opt/gp/Galaxy_Params.jar"),
                List.of("catalog", "--in", "/data/field.fits", "--out", "/data/cat.csv", "--method", "ml"), 3, Path.of("/scratch/f"));
        String array = s.arrayScript();
        assertTrue(array.contains("catalog --in /data/field.fits --out \"/scratch/f/part-${SLURM_ARRAY_TASK_ID}.csv\" --method ml --fits none"
                + " --shard \"${SLURM_ARRAY_TASK_ID}/3\""), array);
        assertTrue(s.mergeScript().contains("merge --overwrite --in /data/field.fits --out /data/cat.csv /scratch/f/part-0.csv"), s.mergeScript());
    }

    @Test
    void mistakesAreNamed() {
        Path jar = Path.of("g.jar"), dir = Path.of("d");
        assertThrows(IllegalArgumentException.class, () -> new SlurmScripts("java", jar, List.of("train", "--in", "a", "--out", "b"), 2, dir));
        assertThrows(IllegalArgumentException.class, () -> new SlurmScripts("java", jar, List.of("estimate", "--in", "a"), 2, dir));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SlurmScripts("java", jar, List.of("fit", "--in", "a", "--out", "b", "--shard", "0/2"), 2, dir));
        assertTrue(e.getMessage().contains("leave --shard out"), e.getMessage());
        // a merge that checks every image of --in would always fail after shards that fitted only the first --count
        for (List<String> counted : List.of(List.of("fit", "--in", "a", "--out", "b", "--count", "100"), List.of("fit", "--in", "a", "--out", "b", "--count=100"))) {
            e = assertThrows(IllegalArgumentException.class, () -> new SlurmScripts("java", jar, counted, 2, dir));
            assertTrue(e.getMessage().contains("leave --count out"), e.getMessage());
        }
    }
}
