package org.galaxyparams.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;
import org.junit.jupiter.api.Test;

/** The stamps in test-images/ carry their truth: name and header agree, and the seed reproduces the pixels. */
class TestImagesTest {

    @Test
    void everyStampIsReproducibleFromItsHeader() throws Exception {
        List<Path> stamps;
        try (Stream<Path> s = Files.list(Path.of("test-images"))) {
            stamps = s.filter(p -> p.getFileName().toString().matches("\\d{4}_.*\\.fits")).sorted().toList();
        }
        assertTrue(stamps.size() >= 4, "expected the sample stamps in test-images/");
        for (Path p : stamps) {
            try (DatasetReader r = DatasetReader.open(p)) {
                assertEquals(1, r.count());
                GalaxyParams t = r.truth(0);
                String name = p.getFileName().toString();
                assertTrue(name.contains(String.format(Locale.ROOT, "_n%.2f_hlr%.3f_", t.sersicN(), t.hlrArcsec())), name);
                SimulationConfig config = SimulationConfig.of(Preset.DATASET3, 0).withGeometry(r.info().geometry());
                Sample again = new SampleFactory(config).render(t, r.psfFwhm(0), r.sigma(0), r.seed(0));
                assertArrayEquals(again.noisy(), r.noisy(0), name);
            }
        }
    }
}
