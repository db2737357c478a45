package org.galaxyparams.app;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The autoencoder is asked for by network name; the request turns it into a regressor trained with a reconstruction term. */
class TrainRequestTest {
    private static TrainRequest.Builder small(String network) {
        return TrainRequest.builder().network(network).preset("dataset1").out(Path.of("m")).steps(10).batch(4).seed(1)
                .validationSeed(2).validation(8).validateEvery(5).patience(3).threads(1);
    }

    private static TrainRequest ask(String network, String name, boolean errors, double weight) {
        return small(network).name(name).asinh(true).errors(errors).reconstruction(weight).build();
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

    /** The card's command repeats the run: a network teacher with its views, the posterior without (it has none). */
    @Test
    void aTeachersCommandRepeatsTheRun() {
        TrainRequest network = small("xception").teacher("t").build();
        assertTrue(network.command().endsWith(" --teacher t --teacher-views 8"), network.command());
        assertEquals(8, network.options().teacherViews());
        TrainRequest posterior = small("xception").teacher("posterior").teacherViews(4).build();
        assertTrue(posterior.command().endsWith(" --teacher posterior"), posterior.command());
        assertEquals(1, posterior.options().teacherViews());
    }

    /** A constant rate with kept snapshots reaches the trainer and the card's command; the defaults write neither. */
    @Test
    void aWeightAveragingRunKeepsItsCheckpointsAtAConstantRate() {
        TrainRequest r = small("xception").lrFinal(1f).keepCheckpoints(true).build();
        assertEquals(1f, r.options().finalLearningRateFraction());
        assertTrue(r.options().keepCheckpoints());
        assertTrue(r.command().endsWith(" --lr-final 1.0 --keep-checkpoints"), r.command());
        TrainRequest plain = small("xception").build();
        assertEquals(0.05f, plain.options().finalLearningRateFraction());
        assertFalse(plain.command().contains("--lr-final") || plain.command().contains("--keep"), plain.command());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small("xception").lrFinal(-0.1f).build());
        assertTrue(e.getMessage().contains("final learning rate"), e.getMessage());
    }

    @Test
    void whatAnAutoencoderCannotBeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ask("autoencoder", null, true, 0));
        assertTrue(e.getMessage().contains("spread head"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ask("xception", null, false, Double.NaN));
        assertTrue(e.getMessage().contains("reconstruction weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> small("edsr").reconstruction(1).build());
        assertTrue(e.getMessage().contains("not edsr"), e.getMessage());
    }

    private static TrainRequest unshuffled(String network, Integer pool, boolean errors) {
        return small(network).name("u").asinh(network.equals("xception")).pool(pool).filters(64).errors(errors).unshuffleEntry(true).build();
    }

    /** The unshuffle entry reaches the architecture (through the spread head's reshaping too) and the card's command. */
    @Test
    void theUnshuffleEntryShapesTheRegressorAndIsOnItsCommand() throws Exception {
        org.galaxyparams.net.XceptionConfig x = unshuffled("xception", null, true).options().architecture().xception();
        assertTrue(x.unshuffleEntry());
        assertEquals(10, x.outputs());
        assertEquals(64, x.channelsAfterEntry(), "16 entry maps, unshuffled once");
        assertTrue(unshuffled("xception", 1, false).command().contains(" --unshuffle-entry"));
        assertFalse(ask("xception", null, false, 0).command().contains("unshuffle"));
        assertFalse(ask("xception", null, false, 0).options().architecture().xception().unshuffleEntry());
        // the card keeps it; a card written before it existed reads as max pools
        Path dir = java.nio.file.Files.createTempDirectory("card");
        org.galaxyparams.net.Architecture a = org.galaxyparams.net.Architecture.of(x);
        Path json = dir.resolve("a.json");
        java.nio.file.Files.writeString(json, new com.google.gson.Gson().toJson(a));
        assertEquals(a, new com.google.gson.Gson().fromJson(java.nio.file.Files.readString(json), org.galaxyparams.net.Architecture.class));
        String old = new com.google.gson.Gson().toJson(a).replace(",\"unshuffleEntry\":true", "");
        assertFalse(old.contains("unshuffle"), old);
        assertFalse(new com.google.gson.Gson().fromJson(old, org.galaxyparams.net.Architecture.class).xception().unshuffleEntry());
    }

    @Test
    void anUnshuffleEntryWithoutADownsamplingOrOnADenoiserIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> unshuffled("xception", 0, false));
        assertTrue(e.getMessage().contains("pool is 0") && e.getMessage().contains("pool 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> unshuffled("edsr", null, false));
        assertTrue(e.getMessage().contains("not edsr"), e.getMessage());
    }
}
