package org.galaxyparams.app;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The autoencoder is asked for by network name; the request turns it into a regressor trained with a reconstruction term. */
class TrainRequestTest {
    private static TrainRequest ask(String network, String name, boolean errors, double weight) {
        return new TrainRequest(network, "dataset1", name, Path.of("m"), 10, 4, 1e-3f, 1, 2, 8, 5, 3, 0, 1, false, false, false, true,
                null, null, null, null, false, null, errors, weight);
    }

    @Test
    void theAutoencoderIsARegressorWithAReconstructionWeight() {
        TrainRequest r = ask("autoencoder", null, false, 0);
        assertEquals("xception", r.network());
        assertEquals(1.0, r.reconstruction());
        assertEquals("autoencoder-dataset1", r.name(), "never the plain regressor's default name");
        assertTrue(r.command().endsWith(" --reconstruction-weight 1.0"), r.command());
        assertTrue(r.options().autoencoder());
        assertEquals(0.5, ask("AutoEncoder", "ae", false, 0.5).options().reconstructionWeight());
        assertFalse(ask("xception", null, false, 0).options().autoencoder());
    }

    @Test
    void whatAnAutoencoderCannotBeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ask("autoencoder", null, true, 0));
        assertTrue(e.getMessage().contains("spread head"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ask("xception", null, false, Double.NaN));
        assertTrue(e.getMessage().contains("reconstruction weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrainRequest("edsr", "dataset1", null, Path.of("m"), 10, 4, 1e-3f, 1, 2, 8,
                5, 3, 0, 1, false, false, false, false, null, null, null, null, false, null, false, 1));
        assertTrue(e.getMessage().contains("not edsr"), e.getMessage());
    }
}
