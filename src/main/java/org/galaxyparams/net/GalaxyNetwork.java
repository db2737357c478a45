package org.galaxyparams.net;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A loaded network (regressor or denoiser) with its card, ready for batched inference. Load once and
 * reuse: loading costs far more than a batch. On out-of-memory the batch halves and the run goes on.
 */
public final class GalaxyNetwork implements AutoCloseable {
    private final ModelCard card;
    private final Path cardFile;
    private final Model model;
    private final Device device;
    private int maxBatch = 256;

    private GalaxyNetwork(ModelCard card, Path cardFile, Model model, Device device) {
        this.card = card;
        this.cardFile = cardFile;
        this.model = model;
        this.device = device;
    }

    /**
     * Loads the network described by {@code cardFile} (JSON) onto {@code device}, checking the weights'
     * SHA-256 against the card.
     */
    public static GalaxyNetwork load(Path cardFile, Device device) throws IOException {
        ModelCard card = ModelCard.read(cardFile);
        Path weights = cardFile.toAbsolutePath().getParent().resolve(card.weights());
        if (!Files.isRegularFile(weights))
            throw new IOException("Weights " + weights + " named by " + cardFile + " are missing.");
        if (card.sha256() != null && !card.sha256().isBlank()) {
            String sha = Sha256.of(weights);
            if (!sha.equalsIgnoreCase(card.sha256()))
                throw new IOException("Weights " + weights.getFileName() + " do not match their card (SHA-256 "
                        + sha.substring(0, 12) + "... instead of " + card.sha256().substring(0, 12)
                        + "...): the file is corrupt or from another model. Restore it from models/.");
        }
        DjlRuntime.engine();
        Model model = DjlRuntime.withBundleClassLoader(() -> Model.newInstance(card.name(), device, DjlRuntime.ENGINE));
        try {
            if ("torchscript".equals(card.format())) {
                String file = weights.getFileName().toString();
                model.load(weights.getParent(), file.endsWith(".pt") ? file.substring(0, file.length() - 3) : file);
            } else if ("djl".equals(card.format())) {
                Block block = card.architecture().build();
                model.setBlock(block);
                int s = card.encoding().stampSize();
                block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, card.architecture().inputChannels(), s, s));
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(weights)))) {
                    block.loadParameters(model.getNDManager(), in);
                }
            } else {
                throw new IOException("Model card " + cardFile + " has unknown format '" + card.format() + "' (djl or torchscript).");
            }
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IOException("Could not load weights " + weights.getFileName() + " for the architecture in "
                    + cardFile.getFileName() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            model.close();
            throw e;
        }
        return new GalaxyNetwork(card, cardFile, model, device);
    }

    /** Writes a block's parameters in DJL's format (what {@link #load} reads for format "djl"). */
    public static void saveParameters(Block block, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            block.saveParameters(out);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public ModelCard card() { return card; }

    public Path cardFile() { return cardFile; }

    public Device device() { return device; }

    /** Values per item the network outputs: 5 labels, or one stamp for a denoiser. */
    public int outputSize() {
        int s = card.encoding().stampSize();
        return card.isDenoiser() ? s * s : 5;
    }

    /**
     * Runs the network over {@code n} encoded inputs (NCHW, the card's encoding's channels) and returns
     * the flattened outputs. Batches of at most the current batch size; halves it on out-of-memory.
     */
    public synchronized float[] forward(float[] input, int n, Consumer<String> warnings) {
        int s = card.encoding().stampSize();
        int channels = card.encoding().channels();
        int per = channels * s * s;
        if (input.length != (long) n * per) throw new IllegalArgumentException("Input holds " + input.length + " floats, not " + n + " stamps");
        int outPer = outputSize();
        float[] out = new float[n * outPer];
        int done = 0;
        while (done < n) {
            int b = Math.min(maxBatch, n - done);
            try (NDManager batchManager = model.getNDManager().newSubManager(device)) {
                NDArray x = batchManager.create(java.nio.FloatBuffer.wrap(input, done * per, b * per), new Shape(b, channels, s, s));
                NDArray y = model.getBlock().forward(new ParameterStore(batchManager, false), new NDList(x), false).singletonOrThrow();
                float[] r = y.toFloatArray();
                System.arraycopy(r, 0, out, done * outPer, b * outPer);
                done += b;
            } catch (OutOfMemoryError | EngineException e) {
                if (!isOutOfMemory(e) || b == 1) throw e;
                maxBatch = Math.max(1, b / 2);
                warnings.accept("Out of memory at batch " + b + ": going on with batches of " + maxBatch + ".");
            }
        }
        return out;
    }

    static boolean isOutOfMemory(Throwable e) {
        if (e instanceof OutOfMemoryError) return true;
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("out of memory") || m.contains("bad_alloc") || m.contains("can't allocate");
    }

    /** Current largest batch (halved after an out-of-memory). */
    public int maxBatch() { return maxBatch; }

    public void setMaxBatch(int b) { maxBatch = Math.max(1, b); }

    @Override
    public void close() { model.close(); }
}
