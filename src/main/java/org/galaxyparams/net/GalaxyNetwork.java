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
    /** Stamps per PyTorch call within a batch (see {@link #pytorchForwardInSlices}). */
    static final int KERNEL_BATCH = 64;
    /** Null until the first forward pass has checked PyTorch against the plain-Java reference. */
    private Boolean pytorchAgrees;
    private PlainForward plain;
    /** What PyTorch runs: the Xception with its BatchNorms folded in, made from the block's weights at the first pass. */
    private Block inference;
    private long batchesChecked;

    /** System property that lets cards without a weights hash load (their rows say "@unhashed"). */
    public static final String ALLOW_UNVERIFIED = "galaxyparams.allowUnverifiedModels";

    static boolean allowUnverified() {
        return Boolean.getBoolean(ALLOW_UNVERIFIED) || "1".equals(System.getenv("GALAXY_PARAMS_ALLOW_UNVERIFIED"));
    }

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
        if (card.sha256() == null || card.sha256().isBlank()) {
            if (!allowUnverified())
                throw new IOException("Model card " + cardFile + " gives no sha256 for its weights, so they cannot be checked:"
                        + " add \"sha256\": \"<sha256sum of " + card.weights() + ">\" to the card, or load unverified weights with"
                        + " -D" + ALLOW_UNVERIFIED + "=true (or GALAXY_PARAMS_ALLOW_UNVERIFIED=1); rows then name the model @unhashed.");
        } else {
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
        try (org.galaxyparams.io.OutputFile f = org.galaxyparams.io.OutputFile.open(file)) {
            DataOutputStream out = new DataOutputStream(f.stream());
            block.saveParameters(out);
            out.flush();
            f.commit();
        }
    }

    public ModelCard card() { return card; }

    public Path cardFile() { return cardFile; }

    public Device device() { return device; }

    /** This network's weights in a plain-Java forward pass that shares no code with PyTorch (the oracle). */
    public PlainForward plainForward() { return PlainForward.of(card.architecture(), model.getBlock()); }

    /** The DJL block (tests inspect and alter its weights). */
    Block block() { return model.getBlock(); }

    /** Values per item the network outputs: 5 labels (10 with a spread per label), or one stamp for a denoiser. */
    public int outputSize() {
        int s = card.encoding().stampSize();
        return card.isDenoiser() ? s * s : card.architecture().xception().outputs();
    }

    /** Whether this regressor predicts a standard deviation per label after its 5 means. */
    public boolean predictsErrors() { return !card.isDenoiser() && outputSize() == 10; }

    /**
     * Runs the network over {@code n} encoded inputs (NCHW, the card's encoding's channels) and returns
     * the flattened outputs. Batches of at most the current batch size; halves it on out-of-memory.
     * PyTorch's answer is used only while it agrees with the plain-Java reference ({@link ForwardCheck}):
     * on a probe batch the first time, then on one item of every batch; on a disagreement this
     * network runs in plain Java for the rest of the session and {@code warnings} says why.
     */
    public synchronized float[] forward(float[] input, int n, Consumer<String> warnings) {
        int per = inputSize();
        if (input.length != (long) n * per) throw new IllegalArgumentException("Input holds " + input.length + " floats, not " + n + " stamps");
        int outPer = outputSize();
        float[] out = new float[n * outPer];
        if (pytorchAgrees == null) pytorchAgrees = probeAgrees(warnings);
        int done = 0;
        while (done < n && pytorchAgrees) {
            int b = Math.min(maxBatch, n - done);
            try {
                float[] r = pytorchForwardInSlices(input, done, b);
                // one item per batch, at a position that moves from batch to batch (kernels split batches by thread)
                int item = (int) (batchesChecked++ * 61 % b);
                float[] reference = plain().forward(input, done + item, stampSize());
                String bad = ForwardCheck.mismatch(r, item * outPer, reference);
                if (bad != null) bad = "item " + item + ": " + bad;
                // a non-finite output is PyTorch's fault only if the plain pass gives a finite one for that item
                for (int i = 0; bad == null && i < b; i++) {
                    if (i == item || ForwardCheck.allFinite(r, i * outPer, outPer)) continue;
                    bad = ForwardCheck.mismatch(r, i * outPer, plain().forward(input, done + i, stampSize()));
                    if (bad != null) bad = "item " + i + ": " + bad;
                }
                if (bad != null) {
                    distrust(warnings, "batch of " + b + ": " + bad);
                    break;
                }
                System.arraycopy(r, 0, out, done * outPer, b * outPer);
                done += b;
            } catch (OutOfMemoryError | EngineException e) {
                if (!isOutOfMemory(e) || b == 1) throw e;
                maxBatch = Math.max(1, b / 2);
                warnings.accept("Out of memory at batch " + b + ": going on with batches of " + maxBatch + ".");
            }
        }
        if (done < n) plainForward(input, done, n, out);
        return out;
    }

    /** Whether PyTorch computes this network as the plain-Java reference does (false after a disagreement). */
    public synchronized boolean usesPyTorch() {
        return pytorchAgrees == null || pytorchAgrees;
    }

    /** Runs only PyTorch (no check) over items {@code from .. from+count-1}: for tests and benchmarks. */
    public synchronized float[] pytorchForward(float[] input, int from, int count) {
        int s = stampSize(), per = inputSize();
        try (NDManager batchManager = model.getNDManager().newSubManager(device)) {
            NDArray x = batchManager.create(java.nio.FloatBuffer.wrap(input, from * per, count * per),
                    new Shape(count, card.encoding().channels(), s, s));
            NDArray y = inference().forward(new ParameterStore(batchManager, false), new NDList(x), false).singletonOrThrow();
            return y.toFloatArray();
        }
    }

    /**
     * PyTorch over items {@code from .. from+count-1} in slices of at most {@link #KERNEL_BATCH}: on 2 cores the
     * activations of 64 stamps stay in cache and those of 256 do not. Measured 2026-12-02 on an AMD EPYC (Zen 5),
     * PyTorch's forward at batch 64 against 256, 2 threads: the regressor 287-372 against 147-209 stamps/s, EDSR 237-287
     * against 112-156, RDN (batch 32-64) 157-213 against 63-74. The forward check still takes one item per batch.
     */
    private float[] pytorchForwardInSlices(float[] input, int from, int count) {
        if (count <= KERNEL_BATCH) return pytorchForward(input, from, count);
        int outPer = outputSize();
        float[] out = new float[count * outPer];
        for (int done = 0; done < count; done += KERNEL_BATCH) {
            int b = Math.min(KERNEL_BATCH, count - done);
            System.arraycopy(pytorchForward(input, from + done, b), 0, out, done * outPer, b * outPer);
        }
        return out;
    }

    /**
     * The block PyTorch runs. For a DJL Xception, a copy with its BatchNorms folded into the convolutions
     * ({@link BatchNormFolding}: 10 to 20 % faster on two cores), made from the weights as they are at the first pass,
     * as the plain-Java reference's copy is; otherwise the block itself.
     */
    private Block inference() {
        if (inference == null) {
            Architecture a = card.architecture();
            inference = "djl".equals(card.format()) && a.kind() == NetworkKind.XCEPTION
                    ? BatchNormFolding.folded(a.xception(), model.getBlock(), model.getNDManager(), a.inputChannels(), stampSize())
                    : model.getBlock();
        }
        return inference;
    }

    private boolean probeAgrees(Consumer<String> warnings) {
        float[] probe = ForwardCheck.probeInputs(card.encoding(), ForwardCheck.PROBE_BATCH);
        int outPer = outputSize();
        float[] batch = pytorchForward(probe, 0, ForwardCheck.PROBE_BATCH);
        float[] single = pytorchForward(probe, 0, 1);
        for (int i : new int[] {0, ForwardCheck.PROBE_BATCH / 2, ForwardCheck.PROBE_BATCH - 1}) {
            float[] reference = plain().forward(probe, i, stampSize());
            String bad = ForwardCheck.mismatch(batch, i * outPer, reference);
            if (bad == null && i == 0) bad = ForwardCheck.mismatch(single, 0, reference);
            if (bad != null) {
                pytorchAgrees = false;
                distrust(warnings, "probe item " + i + ": " + bad);
                return false;
            }
        }
        return true;
    }

    private void distrust(Consumer<String> warnings, String why) {
        pytorchAgrees = false;
        warnings.accept("PyTorch computes " + card.name() + " wrongly on this CPU (" + why + "); running it in plain Java"
                + " instead, which gives the right answer more slowly. Please report the CPU model and this message.");
    }

    /** Fills items {@code from .. n-1} of {@code out} with the plain-Java forward pass, on all cores. */
    private void plainForward(float[] input, int from, int n, float[] out) {
        PlainForward p = plain();
        int outPer = outputSize(), s = stampSize();
        java.util.stream.IntStream.range(from, n).parallel()
                .forEach(i -> System.arraycopy(p.forward(input, i, s), 0, out, i * outPer, outPer));
    }

    PlainForward plain() {
        if (plain == null) plain = plainForward();
        return plain;
    }

    private int stampSize() { return card.encoding().stampSize(); }

    private int inputSize() { return card.encoding().channels() * stampSize() * stampSize(); }

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
