package org.galaxyparams.ij;

import ij.IJ;
import ij.plugin.PlugIn;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.galaxyparams.net.Architecture;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.net.NetworkKind;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.train.NetworkTrainer;
import org.galaxyparams.train.TrainingOptions;

/**
 * Plugins &gt; Galaxy Params &gt; Train Network...: trains a regressor (xception) or a denoiser (edsr, rdn) on
 * galaxies simulated on the fly, as the {@code train} command does; progress goes to the Log window, Esc stops
 * the run at the next step (the last checkpoint stays, tick resume to continue). Writes
 * {@code <folder>/<name>.json|.params} and {@code <folder>/checkpoints/}.
 */
public class TrainNetworkPlugin implements PlugIn {
    static final String TITLE = "Train Network";
    static final String[] NETWORKS = {"xception", "edsr", "rdn", org.galaxyparams.app.TrainRequest.AUTOENCODER};
    static final String[] PRESETS = {"dataset1", "dataset2", "dataset3"};
    /** Pools after the regressor's entry convolution: the shipped layout's (1), or a count. */
    static final String[] POOLS = {"shipped", "0", "1", "2", "3"};

    static MacroForm form() {
        return new MacroForm()
                .choice("network", NETWORKS, "xception")
                .choice("preset", PRESETS, "dataset3")
                .integer("steps", 20000, "(length of the schedule)")
                .integer("batch", 32, "images per step")
                .number("learning_rate", 1e-3, 5, "peak (Adam)")
                .integer("threads", 0, "(0 = one per core)")
                .file("folder", defaultFolder())
                .text("name", "")
                .flag("resume", false)
                .flag("overwrite", false)
                .flag("asinh", false)
                .flag("augment", false)
                .flag("errors", false)
                .integer("blocks", 0, "(0: 4)")
                .sameRow().integer("filters", 0, "(0: 32)")
                .choice("pool", POOLS, "shipped")
                .sameRow().flag("unshuffle_entry", false)
                .file("init_from", "")
                .number("max_minutes", 0, 1, "(0 = no limit)")
                .longText("seed", 1001)
                .message("name: empty for <network>-<preset>. asinh: the regressor also sees asinh(image / sigma). errors: it also predicts a standard deviation per label."
                        + " autoencoder: an xception regressor trained as the encoder of the study's conditional autoencoder."
                        + " blocks, filters, pool, unshuffle_entry: the regressor's shape; 0 and shipped keep the smallest shipped"
                        + " regressor's (4 blocks of 32 filters, 1 pool); the default model has filters 64 (its card's command shows"
                        + " every model's shape). unshuffle_entry: the pools keep every pixel as channels."
                        + " init_from: a model name or card to start from (same shape), e.g. to fine-tune; empty to start afresh."
                        + " Esc stops the run at a checkpoint; tick resume to continue it. An existing model of that name"
                        + " is never replaced unless overwrite is ticked.");
    }

    /** Where the bundle looks for models in Fiji ({@code Fiji.app/models/galaxy-params}), else ./models. */
    static String defaultFolder() {
        String ij = IJ.getDirectory("imagej");
        return ij == null ? "models" : ij + "models" + File.separator + "galaxy-params";
    }

    @Override
    public void run(String arg) {
        MacroForm.Values v;
        TrainingOptions o;
        try {
            v = PluginOptions.read(TITLE, form(), "network=xception preset=dataset3 steps=20000 folder=[/path/models]", true);
            if (v == null) return;
            o = options(v);
        } catch (IllegalArgumentException e) {
            IjUi.error(TITLE, e.getMessage());
            return;
        }
        IJ.resetEscape();
        IJ.log(TITLE + ": " + o.command() + " --out " + o.outDir() + " (Esc to stop)");
        try (PrintStream log = new PrintStream(new LogLines(), true, StandardCharsets.UTF_8)) {
            ModelCard card = DjlRuntime.withBundleClassLoader(() -> {
                try {
                    return new NetworkTrainer(o, log).run(IJ::escapePressed);
                } catch (IOException e) {
                    throw new Failure(e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Failure("interrupted");
                }
            });
            String done = IJ.escapePressed() ? "stopped (Esc); tick resume to continue. Best so far: " : "best model: ";
            IJ.log(String.format(Locale.ROOT, "%s: %s%s (%s), validation %s", TITLE, done,
                    o.outDir().resolve(card.weights()), card.sha256() == null ? "unhashed" : card.sha256().substring(0, 12),
                    validation(card)));
            IJ.log(TITLE + ": a session that already used a model of this name keeps the old one until ImageJ restarts");
            IjUi.done(TITLE + ": " + o.name() + " done");
        } catch (Failure | IllegalArgumentException | IllegalStateException e) {
            IjUi.done("");
            IjUi.error(TITLE, e.getMessage());
        }
    }

    /** The request the dialog's or macro's values make (validation every 500 steps, or every step of a shorter run). */
    static org.galaxyparams.app.TrainRequest request(MacroForm.Values v) {
        org.galaxyparams.app.TrainRequest d = org.galaxyparams.app.TrainRequest.DEFAULTS;
        String folder = v.text("folder").isBlank() ? d.out().toString() : v.text("folder");
        int steps = v.integer("steps", 1, 100_000_000);
        return d.toBuilder().network(v.text("network")).preset(v.text("preset")).name(v.text("name")).out(Path.of(folder)).steps(steps)
                .batch(v.integer("batch", 1, 4096)).learningRate((float) v.number("learning_rate")).seed(v.integer("seed"))
                .validateEvery(Math.min(d.validateEvery(), steps)).maxMinutes(v.number("max_minutes"))
                .threads(v.integer("threads", 0, 1024)).resume(v.flag("resume")).overwrite(v.flag("overwrite")).augment(v.flag("augment"))
                .asinh(v.flag("asinh")).pool(pool(v.text("pool"))).blocks(orShipped(v.integer("blocks", 0, 64)))
                .filters(orShipped(v.integer("filters", 0, 1024))).initFrom(v.text("init_from")).errors(v.flag("errors"))
                .unshuffleEntry(v.flag("unshuffle_entry")).build();
    }

    /** The card's validation figures, 4 significant digits each (the loss on labels scaled to [-1, 1], the rest RMSEs in label units). */
    static String validation(ModelCard card) {
        if (card.validation() == null) return "none";
        java.util.StringJoiner j = new java.util.StringJoiner(", ");
        card.validation().forEach((k, x) -> j.add(k + " " + String.format(Locale.ROOT, "%.4g", x)));
        return j.toString();
    }

    /** A whole-number field where 0 means the shipped layout's value. */
    private static Integer orShipped(int value) { return value == 0 ? null : value; }

    private static Integer pool(String choice) { return choice.equals(POOLS[0]) ? null : Integer.valueOf(choice); }

    static TrainingOptions options(MacroForm.Values v) {
        return request(v).options();
    }

    /** A failure already worded for the user. */
    private static final class Failure extends RuntimeException {
        Failure(String message) { super(message); }
    }

    /** Sends each line written to it to the Log window and the status bar. */
    private static final class LogLines extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') flushLine();
            else if (b != '\r') line.write(b);
        }

        private void flushLine() {
            String s = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (s.isEmpty()) return;
            IJ.log(s);
            IJ.showStatus(s + " (Esc to stop)");
        }

        @Override
        public synchronized void close() {
            if (line.size() > 0) flushLine();
        }
    }
}
