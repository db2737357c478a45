package org.galaxyparams.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.galaxyparams.estimate.ModelCache;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.estimate.NeuralEstimator;
import org.galaxyparams.net.Architecture;
import org.galaxyparams.net.GalaxyNetwork;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.net.XceptionConfig;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.SimulationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A regressor trained behind a denoiser records it (name and weights' hash) on its card; it is refused without
 * that denoiser, and `estimate --denoiser` picks it as the default regressor's pair. --init-from starts a run
 * from another model's weights.
 */
class PipelineTrainingTest {
    private static final Architecture TINY = Architecture.of(new XceptionConfig(3, 4, 3, 1, 1, 8, 3, 8, 5));
    private static final String PAIRED = ModelLocator.DEFAULT_PAIR_BASE + "+edsr-dataset3";

    private static TrainingOptions options(Path dir, String name, int steps, float lr, String denoiser, String initFrom) {
        return TrainingOptions.builder(name, TINY, InputEncoding.STUDY, SimulationConfig.of(Preset.DATASET3, 5), "dataset3")
                .validationSeed(6).validationSize(16).batch(8).learningRate(lr).totalSteps(steps)
                .validateEvery(4).patience(50).threads(1).outDir(dir).command("test").augment(true)
                .inputDenoiser(denoiser).initFrom(initFrom).build();
    }

    @Test
    void aRegressorTrainedBehindADenoiserIsPairedWithIt(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        ModelCard card = new NetworkTrainer(options(dir, PAIRED, 4, 1e-3f, "edsr", null), quiet).run(() -> false);
        GalaxyNetwork edsr = ModelCache.get("edsr-dataset3", "cpu", m -> {});
        assertEquals("edsr-dataset3", card.inputDenoiser().name());
        assertEquals(edsr.card().sha256(), card.inputDenoiser().sha256());
        try (GalaxyNetwork paired = GalaxyNetwork.load(dir.resolve(PAIRED + ".json"), Device.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NeuralEstimator(paired, null, false, m -> {}));
            assertTrue(e.getMessage().contains("was trained on the outputs of edsr-dataset3@"), e.getMessage());
        }
        String before = System.getProperty("galaxyparams.models");
        System.setProperty("galaxyparams.models", dir.toString());
        try {
            List<String> warnings = new ArrayList<>();
            NeuralEstimator est = ModelCache.estimator(null, "edsr", "cpu", false, warnings::add);
            assertTrue(est.provenance().contains(PAIRED + "@"), est.provenance());
            assertTrue(warnings.stream().allMatch(w -> w.startsWith("PyTorch computes")), warnings.toString());
        } finally {
            if (before == null) System.clearProperty("galaxyparams.models");
            else System.setProperty("galaxyparams.models", before);
        }
        // a pair trained behind other weights of the denoiser is not taken
        Path other = Files.createDirectories(dir.resolve("other"));
        ModelCard mismatched = new ModelCard(card.name(), card.format(), "../" + card.weights(), card.sha256(), card.architecture(),
                card.encoding(), card.labels(), card.prior(), card.training(), card.validation(),
                new ModelCard.DenoiserRecord("edsr-dataset3", "0".repeat(64)));
        mismatched.write(other.resolve(PAIRED + ".json"));
        System.setProperty("galaxyparams.models", other.toString());
        try {
            List<String> warnings = new ArrayList<>();
            NeuralEstimator fallback = ModelCache.estimator(null, "edsr", "cpu", false, warnings::add);
            // another installed regressor trained behind these very weights is taken instead (the shipped pair)
            assertFalse(fallback.provenance().contains(PAIRED + "@"), fallback.provenance());
            assertTrue(fallback.provenance().matches(".*\\+edsr-dataset3@.*"), fallback.provenance());
            assertTrue(warnings.size() == 1 && warnings.get(0).contains("was trained behind other weights of edsr-dataset3"), warnings.toString());
        } finally {
            if (before == null) System.clearProperty("galaxyparams.models");
            else System.setProperty("galaxyparams.models", before);
        }
        // a denoiser with no pair installed: the default regressor, with a warning
        Path tinyDenoiser = writeTinyDenoiser(dir.resolve("tiny-denoiser"));
        List<String> warnings = new ArrayList<>();
        NeuralEstimator fallback = ModelCache.estimator(null, tinyDenoiser.toString(), "cpu", false, warnings::add);
        assertTrue(fallback.provenance().contains(" + " + ModelLocator.DEFAULT_REGRESSOR + "@"), fallback.provenance());
        assertTrue(warnings.size() == 1 && warnings.get(0).startsWith("No regressor trained on tiny-denoiser's outputs"), warnings.toString());
    }

    /** A tiny regressor with the asinh plane, as a joint run's starting point ({@code plain} in {@code dir}). */
    private static void trainTinyAsinhRegressor(Path dir, int steps) throws Exception {
        Architecture four = Architecture.of(new XceptionConfig(4, 4, 3, 1, 1, 8, 3, 8, 5));
        new NetworkTrainer(TrainingOptions.builder("plain", four, InputEncoding.STUDY_ASINH,
                SimulationConfig.of(Preset.DATASET3, 5), "dataset3")
                .validationSeed(6).validationSize(16).batch(8).learningRate(1e-3f).totalSteps(steps)
                .validateEvery(steps).patience(50).threads(1).outDir(dir).command("test").augment(true)
                .build(),
                new PrintStream(new ByteArrayOutputStream())).run(() -> false);
    }

    /** The tiny regressor with a denoised plane after the asinh plane (5 input planes). */
    private static final Architecture FIVE = Architecture.of(new XceptionConfig(5, 4, 3, 1, 1, 8, 3, 8, 5));

    /** An untrained small EDSR with its card (a denoiser no regressor was trained behind). */
    private static Path writeTinyDenoiser(Path dir) throws Exception {
        Files.createDirectories(dir);
        Architecture edsr = Architecture.of(new org.galaxyparams.net.EdsrConfig(3, 1, 4, 1f, 2));
        org.galaxyparams.net.DjlRuntime.engine();
        ai.djl.nn.Block b = edsr.build();
        try (ai.djl.Model m = ai.djl.Model.newInstance("tiny-denoiser", Device.cpu(), org.galaxyparams.net.DjlRuntime.ENGINE)) {
            m.setBlock(b);
            b.initialize(m.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 3, 64, 64));
            GalaxyNetwork.saveParameters(b, dir.resolve("tiny-denoiser.params"));
        }
        new ModelCard("tiny-denoiser", "djl", "tiny-denoiser.params", org.galaxyparams.net.Sha256.of(dir.resolve("tiny-denoiser.params")),
                edsr, InputEncoding.STUDY, null, null, null, java.util.Map.of()).write(dir.resolve("tiny-denoiser.json"));
        return dir.resolve("tiny-denoiser.json");
    }

    @Test
    void aRegressorWithADenoisedPlaneStartsFromOneWithoutIt(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        new NetworkTrainer(options(dir, "plain", 4, 1e-3f, null, null), quiet).run(() -> false);
        Architecture wide = Architecture.of(new XceptionConfig(4, 4, 3, 1, 1, 8, 3, 8, 5));
        TrainingOptions o = TrainingOptions.builder("both", wide, InputEncoding.STUDY.withDenoisedPlane(),
                SimulationConfig.of(Preset.DATASET3, 5), "dataset3")
                .validationSeed(6).validationSize(16).batch(8).learningRate(1e-12f).totalSteps(1)
                .validateEvery(4).patience(50).threads(1).outDir(dir).command("test").augment(true)
                .inputDenoiser("edsr").initFrom(dir.resolve("plain.json").toString()).build();
        ModelCard card = new NetworkTrainer(o, quiet).run(() -> false);
        assertTrue(card.encoding().denoisedPlane() && card.encoding().channels() == 4);
        try (GalaxyNetwork plain = GalaxyNetwork.load(dir.resolve("plain.json"), Device.cpu());
             GalaxyNetwork both = GalaxyNetwork.load(dir.resolve("both.json"), Device.cpu())) {
            float[] w3 = org.galaxyparams.net.TestAccess.parameters(plain).get(0).getValue().getArray().toFloatArray();
            float[] w4 = org.galaxyparams.net.TestAccess.parameters(both).get(0).getValue().getArray().toFloatArray();
            int kk = 9, filters = 4;
            assertEquals(filters * 3 * kk, w3.length);
            assertEquals(filters * 4 * kk, w4.length);
            for (int f = 0; f < filters; f++)
                for (int c = 0; c < 4; c++)
                    for (int k = 0; k < kk; k++)
                        assertEquals(c < 3 ? w3[(f * 3 + c) * kk + k] : 0f, w4[(f * 4 + c) * kk + k], 1e-9f, "filter " + f + " plane " + c);
            // it runs behind its denoiser only, and sees both stamps there
            GalaxyNetwork edsr = ModelCache.get("edsr-dataset3", "cpu", m -> {});
            var factory = new org.galaxyparams.sim.SampleFactory(SimulationConfig.of(Preset.DATASET3, 9).withOutputs(true, false));
            org.galaxyparams.sim.Sample s = null;
            for (long c = 0; s == null; c++) s = factory.make(org.galaxyparams.sim.SampleFactory.candidateSeed(9, c));
            List<String> warnings = new ArrayList<>();
            var e = new NeuralEstimator(both, edsr, false, warnings::add).estimate(
                    List.of(new org.galaxyparams.estimate.StampInput("x", s.noisy(), 64, s.psfFwhm(), s.sigma())), () -> false, null);
            assertNotNull(e.get(0).params());
            // the probe ran; the only warning it may give is that PyTorch is wrong on this CPU (then plain Java answered)
            assertTrue(warnings.stream().allMatch(w -> w.startsWith("PyTorch computes")), warnings.toString());
        }
    }

    /**
     * --denoised-plane-share s: the new plane takes s of the mirrored plane's first-layer weights (here the image plane,
     * the encoding having no asinh plane), which keeps 1 - s. The first convolution is linear, so given a denoised plane
     * equal to the image the widened network computes exactly the saved one's function; checked with the plain-Java
     * forward pass, which shares no code with the weight copying.
     */
    @Test
    void aSharedDenoisedPlaneSplitsTheMirroredPlanesWeights(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        new NetworkTrainer(options(dir, "plain", 4, 1e-3f, null, null), quiet).run(() -> false);
        Architecture wide = Architecture.of(new XceptionConfig(4, 4, 3, 1, 1, 8, 3, 8, 5));
        TrainingOptions o = TrainingOptions.builder("shared", wide, InputEncoding.STUDY.withDenoisedPlane(),
                SimulationConfig.of(Preset.DATASET3, 5), "dataset3")
                .validationSeed(6).validationSize(16).batch(8).learningRate(1e-12f).totalSteps(1)
                .validateEvery(4).patience(50).threads(1).outDir(dir).command("test").augment(true)
                .inputDenoiser("edsr").initFrom(dir.resolve("plain.json").toString()).denoisedPlaneShare(0.25)
                .build();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new NetworkTrainer(o, new PrintStream(log)).run(() -> false);
        assertTrue(log.toString().contains("the denoised plane takes 0.250 of the weights on plane 0"), log.toString());
        try (GalaxyNetwork plain = GalaxyNetwork.load(dir.resolve("plain.json"), Device.cpu());
             GalaxyNetwork shared = GalaxyNetwork.load(dir.resolve("shared.json"), Device.cpu())) {
            float[] w3 = org.galaxyparams.net.TestAccess.parameters(plain).get(0).getValue().getArray().toFloatArray();
            float[] w4 = org.galaxyparams.net.TestAccess.parameters(shared).get(0).getValue().getArray().toFloatArray();
            int kk = 9, filters = 4;
            for (int f = 0; f < filters; f++)
                for (int k = 0; k < kk; k++) {
                    float image = w3[(f * 3) * kk + k];
                    assertEquals(0.75f * image, w4[(f * 4) * kk + k], 1e-7f, "filter " + f + " image plane");
                    assertEquals(0.25f * image, w4[(f * 4 + 3) * kk + k], 1e-7f, "filter " + f + " denoised plane");
                    for (int c = 1; c < 3; c++) assertEquals(w3[(f * 3 + c) * kk + k], w4[(f * 4 + c) * kk + k], 0f, "filter " + f + " plane " + c);
                }
            // the same function when the denoised plane repeats the image: the widened network against itself with the
            // saved first layer put back (its one training step moved the BatchNorm statistics, so compare like with like)
            var oracle4 = org.galaxyparams.net.PlainForward.of(shared.card().architecture(), org.galaxyparams.net.TestAccess.block(shared));
            List<org.galaxyparams.net.PlainForward.Weight> saved = new ArrayList<>();
            for (var p : org.galaxyparams.net.TestAccess.parameters(shared)) {
                var a = p.getValue().getArray();
                saved.add(new org.galaxyparams.net.PlainForward.Weight(p.getKey(), a.getShape().getShape().clone(), a.toFloatArray()));
            }
            var first = saved.get(0);
            saved.set(0, new org.galaxyparams.net.PlainForward.Weight(first.name(), new long[] {filters, 3, 3, 3}, w3));
            var oracle3 = new org.galaxyparams.net.PlainForward(plain.card().architecture(), saved);
            java.util.Random rnd = new java.util.Random(17);
            int plane = 64 * 64;
            float[] in3 = new float[3 * plane], in4 = new float[4 * plane];
            for (int i = 0; i < plane; i++) in3[i] = (float) (rnd.nextGaussian() * 0.3 + Math.exp(-((i % 64 - 32) * (i % 64 - 32) + (i / 64 - 32) * (i / 64 - 32)) / 20.0));
            java.util.Arrays.fill(in3, plane, 2 * plane, 0.4f);
            java.util.Arrays.fill(in3, 2 * plane, 3 * plane, -0.2f);
            System.arraycopy(in3, 0, in4, 0, 3 * plane);
            System.arraycopy(in3, 0, in4, 3 * plane, plane);
            float[] a = oracle3.forward(in3, 0, 64), b = oracle4.forward(in4, 0, 64);
            float scale = 0;
            for (float v : a) scale = Math.max(scale, Math.abs(v));
            for (int k = 0; k < a.length; k++) assertEquals(a[k], b[k], 1e-5f * Math.max(1, scale), "output " + k);
        }
    }

    /**
     * --joint: the denoiser trains inside the network on the regressor's loss and is saved as a model of its own (the
     * name after the '+'), which the regressor's card names with its hash. The estimator, which runs the saved denoiser
     * and then the saved regressor with the denoised plane written by InputEncoding (not by the training graph), must
     * reproduce the validation RMSE the training graph wrote on the card.
     */
    @Test
    void aDenoiserTrainedJointlyIsSavedWithItsRegressorAndEstimatesAsTrained(@TempDir Path dir) throws Exception {
        trainTinyAsinhRegressor(dir, 4);
        Path tiny = writeTinyDenoiser(dir.resolve("tiny-denoiser"));
        TrainingOptions o = TrainingOptions.builder("reg+tiny-joint", FIVE, InputEncoding.STUDY_ASINH.withDenoisedPlane(),
                SimulationConfig.of(Preset.DATASET3, 7), "dataset3")
                .validationSeed(6).validationSize(16).batch(8).learningRate(1e-3f).totalSteps(6)
                .validateEvery(3).patience(50).threads(1).outDir(dir).command("test").augment(true)
                .inputDenoiser(tiny.toString()).initFrom(dir.resolve("plain.json").toString())
                .denoisedPlaneShare(0.5).jointDenoiser(true).build();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ModelCard card = new NetworkTrainer(o, new PrintStream(log)).run(() -> false);
        assertTrue(log.toString().contains("The denoiser trains with the regressor (end to end), from the weights of tiny-denoiser"), log.toString());
        ModelCard dcard = ModelCard.read(dir.resolve("tiny-joint.json"));
        assertEquals("tiny-joint", card.inputDenoiser().name());
        assertEquals(org.galaxyparams.net.Sha256.of(dir.resolve("tiny-joint.params")), card.inputDenoiser().sha256());
        assertEquals(dcard.sha256(), card.inputDenoiser().sha256());
        assertTrue(dcard.isDenoiser() && dcard.training().loss().contains("end to end"), dcard.training().loss());
        try (GalaxyNetwork start = GalaxyNetwork.load(tiny, Device.cpu());
             GalaxyNetwork trainedDenoiser = GalaxyNetwork.load(dir.resolve("tiny-joint.json"), Device.cpu());
             GalaxyNetwork regressor = GalaxyNetwork.load(dir.resolve("reg+tiny-joint.json"), Device.cpu())) {
            // the denoiser was trained: its last convolution, zero at the start, has moved
            var before = org.galaxyparams.net.TestAccess.parameters(start);
            var after = org.galaxyparams.net.TestAccess.parameters(trainedDenoiser);
            double moved = 0;
            for (int i = 0; i < before.size(); i++) {
                float[] a = before.get(i).getValue().getArray().toFloatArray(), b = after.get(i).getValue().getArray().toFloatArray();
                for (int k = 0; k < a.length; k++) moved = Math.max(moved, Math.abs(a[k] - b[k]));
            }
            assertTrue(moved > 1e-5, "the denoiser's weights did not change: " + moved);
            // the estimator on the validation stamps gives the card's RMSE
            var d = o.data();
            List<org.galaxyparams.sim.Sample> val = new SampleStream(new SimulationConfig(d.prior(), d.psfBeta(), d.geometry(), 6, d.snrMin(),
                    d.snrMax(), true, false), 0).take(16);
            List<org.galaxyparams.estimate.StampInput> stamps = new ArrayList<>();
            for (var v : val) stamps.add(new org.galaxyparams.estimate.StampInput("v", v.noisy(), 64, v.psfFwhm(), v.sigma()));
            var est = new NeuralEstimator(regressor, trainedDenoiser, false, m -> {}).estimate(stamps, () -> false, null);
            String[] names = {"flux", "sersic_n", "hlr", "g1", "g2"};
            for (int k = 0; k < 5; k++) {
                double sq = 0;
                for (int i = 0; i < val.size(); i++) {
                    assertNotNull(est.get(i).params(), "stamp " + i + ": " + est.get(i));
                    double e = est.get(i).params().toArray()[k] - val.get(i).params().toArray()[k];
                    sq += e * e;
                }
                double rmse = Math.sqrt(sq / val.size()), onCard = card.validation().get(names[k]);
                assertEquals(onCard, rmse, 1e-4 * onCard, names[k]);
            }
        }
    }

    /**
     * A joint run stopped at step 6 and resumed to 12 ends with the denoiser and regressor of an uninterrupted run. The
     * regressor starts from a trained one, as real joint runs do: from random weights the tiny network's loss is of
     * order 10 and its steps chaotic, and the first run in a JVM then sometimes ended elsewhere than a second identical one.
     */
    @Test
    void aJointRunResumesWithBothNetworks(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        trainTinyAsinhRegressor(dir, 24);
        Path tiny = writeTinyDenoiser(dir.resolve("tiny-denoiser"));
        java.util.function.BiFunction<Path, Boolean, TrainingOptions> options = (out, resume) -> TrainingOptions.builder("reg+tiny-joint", FIVE, InputEncoding.STUDY_ASINH.withDenoisedPlane(),
                SimulationConfig.of(Preset.DATASET3, 7), "dataset3")
                .validationSeed(6).validationSize(16).batch(8).learningRate(1e-4f).totalSteps(12)
                .validateEvery(3).patience(50).threads(1).resume(resume).outDir(out).command("test")
                .inputDenoiser(tiny.toString()).initFrom(dir.resolve("plain.json").toString())
                .denoisedPlaneShare(0.5).jointDenoiser(true).build();
        Path whole = dir.resolve("whole"), parts = dir.resolve("parts");
        new NetworkTrainer(options.apply(whole, false), quiet).run(() -> false);
        int[] calls = {0};
        new NetworkTrainer(options.apply(parts, false), quiet).run(() -> calls[0]++ >= 6);
        assertEquals(6, new NetworkTrainer(options.apply(parts, true), quiet).progress().step());
        new NetworkTrainer(options.apply(parts, true), quiet).run(() -> false);
        ai.djl.ndarray.types.Shape one = new ai.djl.ndarray.types.Shape(1, 3, 64, 64), oneFive = new ai.djl.ndarray.types.Shape(1, 5, 64, 64);
        Architecture edsr = ModelCard.read(tiny).architecture();
        // within 1e-4 of the largest value: PyTorch may sum in another order between runs (see AutoencoderTrainingTest)
        SavedWeights.assertClose(SavedWeights.values(edsr.build(), one, whole.resolve("checkpoints/reg+tiny-joint-step12-denoiser.params")),
                SavedWeights.values(edsr.build(), one, parts.resolve("checkpoints/reg+tiny-joint-step12-denoiser.params")), 1e-4);
        SavedWeights.assertClose(SavedWeights.values(FIVE.build(), oneFive, whole.resolve("checkpoints/reg+tiny-joint-step12.params")),
                SavedWeights.values(FIVE.build(), oneFive, parts.resolve("checkpoints/reg+tiny-joint-step12.params")), 1e-4);
    }

    @Test
    void aDenoisedPlaneShareNeedsAPlaneAndAStartingModel() {
        // pool 1, 4 blocks of 64 filters, asinh, augmented, behind EDSR, from a model named base
        org.galaxyparams.app.TrainRequest.Builder b = org.galaxyparams.app.TrainRequest.builder().name("x").steps(10).learningRate(1e-4f)
                .seed(1).validationSeed(2).validation(10).validateEvery(5).patience(5).threads(1).augment(true).asinh(true).pool(1)
                .blocks(4).filters(64).denoiser("edsr").initFrom("base");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.denoisedPlaneShare(0.5).build());
        assertTrue(e.getMessage().contains("give --denoised-plane and --init-from"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.denoisedPlane(true).denoisedPlaneShare(1.5).build());
        assertTrue(e.getMessage().contains("give a fraction from 0 to 1"), e.getMessage());
        String command = b.denoisedPlane(true).denoisedPlaneShare(0.5).build().command();
        assertTrue(command.contains(" --denoised-plane --denoised-plane-share 0.5"), command);
        // a joint run must name its trained denoiser anew, after the '+'
        var sameName = b.name("x+edsr-dataset3").joint(true).build();
        e = assertThrows(IllegalArgumentException.class, sameName::options);
        assertTrue(e.getMessage().contains("with a denoiser name other than edsr-dataset3"), e.getMessage());
    }

    @Test
    void initFromStartsFromAnotherModelsWeights(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        new NetworkTrainer(options(dir, "a", 8, 1e-3f, null, null), quiet).run(() -> false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new NetworkTrainer(options(dir, "b", 1, 1e-12f, null, dir.resolve("a.json").toString()), new PrintStream(log)).run(() -> false);
        assertTrue(log.toString().contains("Starting from the weights of a"), log.toString());
        // one step at a negligible learning rate: b's trained weights are a's (only BatchNorm statistics move, by one batch)
        try (GalaxyNetwork a = GalaxyNetwork.load(dir.resolve("a.json"), Device.cpu());
             GalaxyNetwork b = GalaxyNetwork.load(dir.resolve("b.json"), Device.cpu())) {
            var pa = org.galaxyparams.net.TestAccess.parameters(a);
            var pb = org.galaxyparams.net.TestAccess.parameters(b);
            int compared = 0;
            for (int i = 0; i < pa.size(); i++) {
                if (pa.get(i).getValue().getType() != ai.djl.nn.Parameter.Type.WEIGHT) continue;
                assertArrayEquals(pa.get(i).getValue().getArray().toFloatArray(), pb.get(i).getValue().getArray().toFloatArray(), 1e-6f, pa.get(i).getKey());
                compared++;
            }
            assertTrue(compared >= 5);
        }
        assertTrue(Files.isRegularFile(dir.resolve("checkpoints/b-adam.bin")));
        ModelCard a = ModelCard.read(dir.resolve("a.json"));
        assertNull(a.training().startedFrom(), "a run from scratch names no parent");
        assertEquals("a@" + a.sha256().substring(0, 12), ModelCard.read(dir.resolve("b.json")).training().startedFrom(),
                "the card keeps the parent's hash, not only the path in its command");
    }

    /**
     * --init-from a model with fewer residual blocks: the shared layers take its weights and each appended block starts
     * as the identity (its branch's last BatchNorm at gamma = beta = 0). Checked with the plain-Java forward pass, which
     * shares no code with the weight copying: the deeper network computes what it computes with the appended block
     * left out (after one step at a negligible rate, which moves only BatchNorm statistics, so like is compared with like).
     */
    @Test
    void aDeeperRegressorStartsFromAShallowerOneAsTheSameFunction(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        new NetworkTrainer(options(dir, "a", 8, 1e-3f, null, null), quiet).run(() -> false);
        Architecture deeper = Architecture.of(new XceptionConfig(3, 4, 3, 1, 2, 8, 3, 8, 5));
        TrainingOptions o = TrainingOptions.builder("deep", deeper, InputEncoding.STUDY, SimulationConfig.of(Preset.DATASET3, 5), "dataset3")
                .validationSeed(6).validationSize(16).batch(8).learningRate(1e-12f).totalSteps(1)
                .validateEvery(4).patience(50).threads(1).outDir(dir).command("test").augment(true)
                .initFrom(dir.resolve("a.json").toString()).build();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new NetworkTrainer(o, new PrintStream(log)).run(() -> false);
        assertTrue(log.toString().contains("1 residual block(s) appended, each starting as the identity"), log.toString());
        try (GalaxyNetwork a = GalaxyNetwork.load(dir.resolve("a.json"), Device.cpu());
             GalaxyNetwork deep = GalaxyNetwork.load(dir.resolve("deep.json"), Device.cpu())) {
            var children = ((ai.djl.nn.SequentialBlock) org.galaxyparams.net.TestAccess.block(deep)).getChildren();
            List<String> residuals = new ArrayList<>();
            for (var c : children) if (c.getValue() instanceof ai.djl.nn.ParallelBlock) residuals.add(c.getKey());
            assertEquals(2, residuals.size());
            String appended = residuals.get(1) + "_";
            List<org.galaxyparams.net.PlainForward.Weight> kept = new ArrayList<>();
            List<float[]> keptWeights = new ArrayList<>(), appendedGammaBeta = new ArrayList<>();
            for (var p : org.galaxyparams.net.TestAccess.parameters(deep)) {
                var v = p.getValue().getArray();
                if (p.getKey().startsWith(appended)) {
                    var t = p.getValue().getType();
                    if (t == ai.djl.nn.Parameter.Type.GAMMA || t == ai.djl.nn.Parameter.Type.BETA) appendedGammaBeta.add(v.toFloatArray());
                    continue;
                }
                kept.add(new org.galaxyparams.net.PlainForward.Weight(p.getKey(), v.getShape().getShape().clone(), v.toFloatArray()));
                if (p.getValue().getType() == ai.djl.nn.Parameter.Type.WEIGHT) keptWeights.add(v.toFloatArray());
            }
            // the shared layers' weights are a's
            List<float[]> aWeights = new ArrayList<>();
            for (var p : org.galaxyparams.net.TestAccess.parameters(a))
                if (p.getValue().getType() == ai.djl.nn.Parameter.Type.WEIGHT) aWeights.add(p.getValue().getArray().toFloatArray());
            assertEquals(aWeights.size(), keptWeights.size());
            for (int i = 0; i < aWeights.size(); i++) assertArrayEquals(aWeights.get(i), keptWeights.get(i), 1e-6f, "weight " + i);
            // the appended block's two BatchNorms: the first as initialised (gamma 1), the last at zero
            assertEquals(4, appendedGammaBeta.size());
            for (float g : appendedGammaBeta.get(2)) assertEquals(0f, g, 1e-9f);
            for (float b : appendedGammaBeta.get(3)) assertEquals(0f, b, 1e-9f);
            var withBlock = org.galaxyparams.net.PlainForward.of(deeper, org.galaxyparams.net.TestAccess.block(deep));
            var without = new org.galaxyparams.net.PlainForward(a.card().architecture(), kept);
            java.util.Random rnd = new java.util.Random(23);
            float[] in = new float[3 * 64 * 64];
            for (int i = 0; i < in.length; i++) in[i] = (float) (rnd.nextGaussian() * 0.5);
            float[] x = withBlock.forward(in, 0, 64), y = without.forward(in, 0, 64);
            float scale = 0;
            for (float v : y) scale = Math.max(scale, Math.abs(v));
            assertTrue(scale > 0);
            for (int k = 0; k < y.length; k++) assertEquals(y[k], x[k], 1e-5f * Math.max(1, scale), "output " + k);
        }
    }

    /**
     * A starting model of another shape is refused before the validation set is drawn, with each differing size named
     * as its option and the model's value.
     */
    @Test
    void initFromAnotherShapeNamesTheSizesThatDiffer(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        new NetworkTrainer(options(dir, "a", 4, 1e-3f, null, null), quiet).run(() -> false);
        Architecture wider = Architecture.of(new XceptionConfig(3, 4, 3, 1, 2, 12, 3, 24, 5, true));
        TrainingOptions o = TrainingOptions.builder("c", wider, InputEncoding.STUDY,
                SimulationConfig.of(Preset.DATASET3, 5), "dataset3")
                .validationSeed(6).validationSize(16).batch(8).learningRate(1e-3f).totalSteps(4)
                .validateEvery(4).patience(50).threads(1).outDir(dir).command("test").augment(true)
                .initFrom(dir.resolve("a.json").toString()).build();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        IOException e = assertThrows(IOException.class, () -> new NetworkTrainer(o, new PrintStream(log)).run(() -> false));
        assertTrue(e.getMessage().contains("blocks: 1, this run 2") && e.getMessage().contains("filters: 8, this run 12")
                && e.getMessage().contains("unshuffle entry: off, this run on") && e.getMessage().contains("its card's command: test"),
                e.getMessage());
        assertTrue(e.getMessage().contains("exit filters: 8, this run 24"), "this tiny model's exit is not twice its filters: " + e.getMessage());
        assertFalse(log.toString().contains("Validation set"), "refused before drawing anything: " + log);
        assertFalse(Files.exists(dir.resolve("c.json")));
    }

    /**
     * --errors with --init-from a 5-output regressor: the means' rows of the last layer are the saved ones, the
     * spreads' rows start at zero weights and a bias of log 0.05, so every stamp first gets 5 % of each label's half
     * range as its error, and rows carry it.
     */
    @Test
    void aRegressorWithErrorBarsStartsFromOneWithout(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        new NetworkTrainer(options(dir, "plain", 4, 1e-3f, null, null), quiet).run(() -> false);
        Architecture spread = Architecture.of(new XceptionConfig(3, 4, 3, 1, 1, 8, 3, 8, 10));
        TrainingOptions o = TrainingOptions.builder("spread", spread, InputEncoding.STUDY,
                SimulationConfig.of(Preset.DATASET3, 5), "dataset3")
                .validationSeed(6).validationSize(16).batch(8).learningRate(1e-12f).totalSteps(1)
                .validateEvery(4).patience(50).threads(1).outDir(dir).command("test").augment(true)
                .initFrom(dir.resolve("plain.json").toString()).build();
        ModelCard card = new NetworkTrainer(o, quiet).run(() -> false);
        assertTrue(card.validation().containsKey("flux_cover1"), card.validation().toString());
        try (GalaxyNetwork plain = GalaxyNetwork.load(dir.resolve("plain.json"), Device.cpu());
             GalaxyNetwork both = GalaxyNetwork.load(dir.resolve("spread.json"), Device.cpu())) {
            var pp = org.galaxyparams.net.TestAccess.parameters(plain);
            var ps = org.galaxyparams.net.TestAccess.parameters(both);
            float[] w5 = pp.get(pp.size() - 2).getValue().getArray().toFloatArray(), b5 = pp.get(pp.size() - 1).getValue().getArray().toFloatArray();
            float[] w10 = ps.get(ps.size() - 2).getValue().getArray().toFloatArray(), b10 = ps.get(ps.size() - 1).getValue().getArray().toFloatArray();
            assertEquals(2 * w5.length, w10.length);
            for (int i = 0; i < w10.length; i++) assertEquals(i < w5.length ? w5[i] : 0f, w10[i], 1e-6f, "weight " + i);
            for (int i = 0; i < 10; i++) assertEquals(i < 5 ? b5[i] : -3f, b10[i], 1e-6f, "bias " + i);
            assertTrue(both.predictsErrors() && !plain.predictsErrors());

            var factory = new org.galaxyparams.sim.SampleFactory(SimulationConfig.of(Preset.DATASET3, 9).withOutputs(true, false));
            org.galaxyparams.sim.Sample s = null;
            for (long c = 0; s == null; c++) s = factory.make(org.galaxyparams.sim.SampleFactory.candidateSeed(9, c));
            var e = new NeuralEstimator(both, null, false, w -> {}).estimate(
                    List.of(new org.galaxyparams.estimate.StampInput("x", s.noisy(), 64, s.psfFwhm(), s.sigma())), () -> false, null).get(0);
            double[] half = new double[5];
            var l = org.galaxyparams.net.LabelScaling.STUDY_PRIOR;
            for (int k = 0; k < 5; k++) half[k] = 0.5 * (l.max()[k] - l.min()[k]);
            assertNotNull(e.spread());
            for (int k = 0; k < 5; k++) assertEquals(Math.exp(-3) * half[k], e.spread()[k], 1e-5 * half[k], "spread " + k);
            if (e.ok()) assertArrayEquals(e.spread(), e.errors());
        }
    }

    /**
     * A spread head on a frozen regressor: the new model's estimates are the source's (same weights, and the network
     * runs in inference mode while the head learns, so BatchNorm's statistics do not move either), and the spreads
     * move away from their starting 5 % towards the errors.
     */
    /** A model trained again in place (Train Network with overwrite, in the same Fiji session) is loaded anew. */
    @Test
    void theModelCacheServesAModelTrainedAgainInPlace(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Path first = Files.createDirectory(dir.resolve("first")), second = Files.createDirectory(dir.resolve("second"));
        new NetworkTrainer(options(first, "plain", 4, 1e-3f, null, null), quiet).run(() -> false);
        String newSha = new NetworkTrainer(options(second, "plain", 4, 3e-3f, null, null), quiet).run(() -> false).sha256();
        Path card = first.resolve("plain.json");
        String oldSha = org.galaxyparams.estimate.ModelCache.get(card.toString(), "cpu", m -> {}).card().sha256();
        assertNotEquals(oldSha, newSha);
        Thread.sleep(20); // a new modification time, as a later training writes
        for (String f : new String[] {"plain.json", "plain.params"})
            Files.copy(second.resolve(f), first.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(newSha, org.galaxyparams.estimate.ModelCache.get(card.toString(), "cpu", m -> {}).card().sha256());
    }

    /** train --head-only writes its card and weights like any training: never over an existing model unless asked. */
    @Test
    void aSpreadHeadNeverReplacesAnExistingModelUnlessAsked(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        new NetworkTrainer(options(dir, "plain", 4, 1e-3f, null, null), quiet).run(() -> false);
        String sha = org.galaxyparams.net.Sha256.of(dir.resolve("plain.params"));
        java.util.function.Function<String[], String> refusal = extra -> {
            List<String> args = new ArrayList<>(List.of("train", "--network", "xception", "--preset", "dataset3", "--errors", "--head-only",
                    "--init-from", dir.resolve("plain.json").toString(), "--out", dir.toString(), "--steps", "2"));
            args.addAll(List.of(extra));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream old = System.err;
            System.setErr(new PrintStream(err, true));
            try {
                assertEquals(2, org.galaxyparams.cli.CliTestAccess.main(args.toArray(String[]::new)));
            } finally {
                System.setErr(old);
            }
            return err.toString();
        };
        String e = refusal.apply(new String[] {"--name", "plain"});
        assertTrue(e.contains("A model named plain already exists") && e.contains("--overwrite"), e);
        assertEquals(sha, org.galaxyparams.net.Sha256.of(dir.resolve("plain.params")), "the existing model is untouched");
        e = refusal.apply(new String[] {"--name", "other", "--resume"});
        assertTrue(e.contains("--head-only keeps no checkpoints") && e.contains("drop --resume"), e);
    }

    @Test
    void aSpreadHeadLeavesTheEstimatesExactlyAsTheyWere(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        new NetworkTrainer(options(dir, "plain", 4, 1e-3f, null, null), quiet).run(() -> false);
        ModelCard card = new SpreadHeadTrainer(new SpreadHeadTrainer.Options(dir.resolve("plain.json"), SimulationConfig.of(Preset.DATASET3, 5),
                "dataset3", "head", dir, 30, 16, 1e-2f, 6, 64, 1, "test"), quiet).run(() -> false);
        assertTrue(card.validation().containsKey("g2_cover1"));
        var factory = new org.galaxyparams.sim.SampleFactory(SimulationConfig.of(Preset.DATASET3, 9).withOutputs(true, false));
        List<org.galaxyparams.estimate.StampInput> stamps = new ArrayList<>();
        for (long c = 0; stamps.size() < 8; c++) {
            org.galaxyparams.sim.Sample s = factory.make(org.galaxyparams.sim.SampleFactory.candidateSeed(9, c));
            if (s != null) stamps.add(new org.galaxyparams.estimate.StampInput("s" + c, s.noisy(), 64, s.psfFwhm(), s.sigma()));
        }
        try (GalaxyNetwork plain = GalaxyNetwork.load(dir.resolve("plain.json"), Device.cpu());
             GalaxyNetwork head = GalaxyNetwork.load(dir.resolve("head.json"), Device.cpu())) {
            var a = new NeuralEstimator(plain, null, false, w -> {}).estimate(stamps, () -> false, null);
            var b = new NeuralEstimator(head, null, false, w -> {}).estimate(stamps, () -> false, null);
            boolean moved = false;
            for (int i = 0; i < stamps.size(); i++) {
                assertArrayEquals(a.get(i).params().toArray(), b.get(i).params().toArray(), 1e-6 * 4e5, "stamp " + i);
                double[] pa = a.get(i).params().toArray(), pb = b.get(i).params().toArray();
                for (int k = 0; k < 5; k++) assertEquals(pa[k], pb[k], 1e-5 * Math.abs(pa[k]) + 1e-7, "stamp " + i + " label " + k);
                assertNull(a.get(i).spread());
                var l = org.galaxyparams.net.LabelScaling.STUDY_PRIOR;
                for (int k = 0; k < 5; k++)
                    moved |= Math.abs(b.get(i).spread()[k] - Math.exp(-3) * 0.5 * (l.max()[k] - l.min()[k])) > 1e-3 * (l.max()[k] - l.min()[k]);
            }
            assertTrue(moved, "the spreads learned");
        }
    }
}
