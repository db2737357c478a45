package org.galaxyparams.net;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalaxyNetworkTest {
    static final Architecture TINY = Architecture.of(new XceptionConfig(3, 4, 3, 1, 1, 8, 3, 8, 5));

    /** Writes an untrained tiny regressor with its card into {@code dir}; returns the card path. */
    static Path writeTiny(Path dir) throws IOException {
        DjlRuntime.engine();
        Block b = TINY.build();
        try (Model m = Model.newInstance("tiny", Device.cpu(), DjlRuntime.ENGINE)) {
            m.setBlock(b);
            b.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 64, 64));
            GalaxyNetwork.saveParameters(b, dir.resolve("tiny.params"));
        }
        ModelCard card = new ModelCard("tiny", "djl", "tiny.params", Sha256.of(dir.resolve("tiny.params")), TINY,
                InputEncoding.STUDY, LabelScaling.STUDY_PRIOR, null, null, Map.of());
        card.write(dir.resolve("tiny.json"));
        return dir.resolve("tiny.json");
    }

    static float[] input(int n) {
        float[] x = new float[n * 3 * 64 * 64];
        Random r = new Random(3);
        float[] img = new float[64 * 64];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < img.length; p++) img[p] = (float) (300 * r.nextGaussian());
            InputEncoding.STUDY.encode(img, 0.7, 300, x, i);
        }
        return x;
    }

    @Test
    void savedWeightsReloadToTheSameOutputsAndBatchingDoesNotChangeThem(@TempDir Path dir) throws IOException {
        Path card = writeTiny(dir);
        float[] x = input(5);
        try (GalaxyNetwork a = GalaxyNetwork.load(card, Device.cpu()); GalaxyNetwork b = GalaxyNetwork.load(card, Device.cpu())) {
            float[] ya = a.forward(x, 5, w -> {});
            b.setMaxBatch(2);
            float[] yb = b.forward(x, 5, w -> {});
            assertEquals(25, ya.length);
            for (int i = 0; i < ya.length; i++) assertEquals(ya[i], yb[i], 1e-5f * (1 + Math.abs(ya[i])));
        }
    }

    @Test
    void corruptWeightsAreRefusedWithAMessage(@TempDir Path dir) throws IOException {
        Path card = writeTiny(dir);
        byte[] w = Files.readAllBytes(dir.resolve("tiny.params"));
        w[w.length / 2] ^= 0x55;
        Files.write(dir.resolve("tiny.params"), w);
        IOException e = assertThrows(IOException.class, () -> GalaxyNetwork.load(card, Device.cpu()));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void aCardWithoutAWeightsHashIsRefusedUnlessUnverifiedLoadingIsAsked(@TempDir Path dir) throws IOException {
        Path card = writeTiny(dir);
        ModelCard c = ModelCard.read(card);
        new ModelCard(c.name(), c.format(), c.weights(), null, c.architecture(), c.encoding(), c.labels(), c.prior(), c.training(),
                c.validation()).write(card);
        IOException e = assertThrows(IOException.class, () -> GalaxyNetwork.load(card, Device.cpu()));
        assertTrue(e.getMessage().contains("gives no sha256") && e.getMessage().contains(GalaxyNetwork.ALLOW_UNVERIFIED), e.getMessage());
        System.setProperty(GalaxyNetwork.ALLOW_UNVERIFIED, "true");
        try (GalaxyNetwork n = GalaxyNetwork.load(card, Device.cpu())) {
            assertEquals(25, n.forward(input(5), 5, w -> {}).length);
        } finally {
            System.clearProperty(GalaxyNetwork.ALLOW_UNVERIFIED);
        }
    }

    @Test
    void missingWeightsAndBadCardsAreNamed(@TempDir Path dir) throws IOException {
        Path card = writeTiny(dir);
        Files.delete(dir.resolve("tiny.params"));
        IOException e = assertThrows(IOException.class, () -> GalaxyNetwork.load(card, Device.cpu()));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        Files.writeString(dir.resolve("bad.json"), "{ not json");
        IOException bad = assertThrows(IOException.class, () -> ModelCard.read(dir.resolve("bad.json")));
        assertTrue(bad.getMessage().contains("not valid JSON"), bad.getMessage());
    }

    @Test
    void labelScalingMapsThePriorBoundsToPlusMinusOneAndBack() {
        LabelScaling s = LabelScaling.STUDY_PRIOR;
        var lo = new org.galaxyparams.sim.GalaxyParams(0.3e5, 0.5, 0.1, -0.67, -0.67);
        var hi = new org.galaxyparams.sim.GalaxyParams(4e5, 6, 0.6, 0.67, 0.67);
        for (float v : s.scale(lo)) assertEquals(-1f, v, 1e-6f);
        for (float v : s.scale(hi)) assertEquals(1f, v, 1e-6f);
        var mid = new org.galaxyparams.sim.GalaxyParams(1e5, 3, 0.3, -0.069, 0.15);
        double[] back = s.unscale(s.scale(mid), 0);
        double[] want = mid.toArray();
        for (int k = 0; k < 5; k++) assertEquals(want[k], back[k], 1e-6 * Math.max(1, Math.abs(want[k])));
    }
}
