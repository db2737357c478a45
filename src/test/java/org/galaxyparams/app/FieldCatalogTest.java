package org.galaxyparams.app;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.galaxyparams.field.FieldFlags;
import org.galaxyparams.field.FieldImage;
import org.galaxyparams.field.FieldSimulator;
import org.galaxyparams.field.FieldSpec;
import org.galaxyparams.field.FieldTruth;
import org.galaxyparams.sim.Preset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The field workflow behind a fake estimator: rows, stars' PSF flux, masks and flags, refusals, cancel. */
class FieldCatalogTest {
    static FieldSpec spec = new FieldSpec(1024, 1024, 120, 10, Preset.DATASET3, 0.7, 300, 500, 0, 0.1, 0.23, true, 12);
    static FieldSimulator.SimulatedField field;

    @BeforeAll
    static void draw() { field = FieldSimulator.simulate(spec, null, () -> false); }

    private static FieldCatalog.Result run(FieldImage image, CatalogRequest request, Monitor monitor) {
        return new FieldCatalog(request, new FakeEstimator()).run(image, monitor);
    }

    private static FieldTruth truthAt(CatalogRow r) {
        for (FieldTruth t : field.truth()) if (Math.hypot(t.x() - r.x(), t.y() - r.y()) < 2) return t;
        return null;
    }

    @Test
    void starsGetTheirPsfFluxAndGalaxiesTheEstimatorsAnswer() {
        FieldCatalog.Result r = run(field.image(), CatalogRequest.DEFAULTS, Monitor.SILENT);
        assertFalse(r.cancelled());
        int stars = 0;
        for (CatalogRow row : r.rows()) {
            FieldTruth t = truthAt(row);
            if (row.galaxy()) {
                assertEquals(2.0, row.measurement().estimate().sersicN(), 0, "the fake's answer reaches the row");
                assertTrue(row.snr() > 0, "snr of the model at the estimate");
                continue;
            }
            if (t == null || !t.star() || (row.flags() & FieldFlags.BLENDED) != 0) continue;
            stars++;
            // least-squares PSF flux: unbiased, error sigma / sqrt(sum P^2) (+ Poisson), a few percent at SNR >= 30
            double err = row.measurement().errors()[0];
            assertEquals(t.params().flux(), row.measurement().estimate().flux(), 4 * err, "star at " + row.x() + "," + row.y());
            assertEquals("psf", row.measurement().method());
        }
        assertTrue(stars >= 4, stars + " isolated stars checked");
    }

    @Test
    void neighboursAreMaskedAndFlagged() {
        FieldCatalog.Result r = run(field.image(), CatalogRequest.DEFAULTS, Monitor.SILENT);
        long blended = r.rows().stream().filter(x -> (x.flags() & FieldFlags.BLENDED) != 0).count();
        long masked = r.rows().stream().filter(x -> (x.flags() & FieldFlags.NEIGHBOURS_MASKED) != 0).count();
        // 10 % of the galaxies are placed 6-15 pixels from another: some deblended pairs are certain
        assertTrue(blended >= 2, blended + " blended");
        assertTrue(masked >= blended, "a blended source has its neighbour masked");
        for (CatalogRow x : r.rows())
            if ((x.flags() & FieldFlags.BLENDED) != 0) assertTrue(x.measurement().message().contains("blended"), x.measurement().message());
    }

    @Test
    void badRegionsAreMaskedAndSaidInTheRow() {
        float[] px = field.image().pixels().clone();
        // NaN a square next to the first galaxy and saturate the brightest star's core
        FieldTruth g = field.truth().get(0);
        for (int y = (int) g.y() + 5; y < (int) g.y() + 12; y++) for (int x = (int) g.x() - 3; x < (int) g.x() + 3; x++) px[y * 1024 + x] = Float.NaN;
        FieldImage image = field.image().withPixels(px);
        CatalogRequest saturating = new CatalogRequest(EstimateRequest.DEFAULTS, null, Double.NaN, 3000, Shard.ALL, 1);
        FieldCatalog.Result r = run(image, saturating, Monitor.SILENT);
        CatalogRow near = null;
        for (CatalogRow row : r.rows()) if (Math.hypot(row.x() - g.x(), row.y() - g.y()) < 2) near = row;
        assertNotNull(near, "the galaxy next to the NaN pixels is still found");
        assertTrue((near.flags() & FieldFlags.BAD_PIXELS) != 0 && near.measurement().message().contains("bad pixels"), near.measurement().message());
        assertTrue(r.rows().stream().anyMatch(x -> (x.flags() & FieldFlags.SATURATED) != 0), "pixels above 3000 counts are saturated");
    }

    @Test
    void aPixelScaleTheModelWasNotTrainedForIsRefused() {
        FieldImage wrong = new FieldImage("wide", field.image().pixels(), 1024, 1024, 0.4, 0.7, 300, Double.NaN, null, "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(wrong, CatalogRequest.DEFAULTS, Monitor.SILENT));
        assertTrue(e.getMessage().contains("0.4") && e.getMessage().contains("resample"), e.getMessage());
    }

    @Test
    void cancelStopsBetweenChunksAndSaysSo() {
        AtomicInteger calls = new AtomicInteger();
        Monitor cancelSoon = Monitor.of((d, t) -> {}, () -> calls.incrementAndGet() > 3, w -> {});
        FieldCatalog.Result r = run(field.image(), CatalogRequest.DEFAULTS, cancelSoon);
        assertTrue(r.cancelled() || r.found() == null);
    }

    @Test
    void shardsSplitTheSourcesByIdAndTogetherGiveThemAll() {
        List<CatalogRow> all = run(field.image(), CatalogRequest.DEFAULTS, Monitor.SILENT).rows();
        List<CatalogRow> a = run(field.image(), CatalogRequest.DEFAULTS.withShard(new Shard(0, 2)), Monitor.SILENT).rows();
        List<CatalogRow> b = run(field.image(), CatalogRequest.DEFAULTS.withShard(new Shard(1, 2)), Monitor.SILENT).rows();
        assertEquals(all.size(), a.size() + b.size());
        assertTrue(all.size() > FieldCatalog.BLOCK && !b.isEmpty(), "both shards have sources");
        for (CatalogRow r : a) assertEquals(0, ((r.id() - 1) / FieldCatalog.BLOCK) % 2, "shard 0/2 has the blocks of ids 1-64, 129-192...");
        for (CatalogRow r : a) {
            CatalogRow same = all.get(r.id() - 1);
            assertEquals(CatalogColumns.csvLine(same).replaceAll(",[0-9.]*,\"[^\"]*\"$", ""), CatalogColumns.csvLine(r).replaceAll(",[0-9.]*,\"[^\"]*\"$", ""));
        }
    }
}
