package org.galaxyparams.app;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.galaxyparams.net.Architecture;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.train.NetworkTrainer;
import org.galaxyparams.train.TrainingOptions;

/**
 * The study's grid search over the regressor's shape (residual blocks x block filters x downsamplings after the entry
 * convolution, and whether those are max pools or lossless pixel unshuffles): one short training per shape, the same
 * data, seeds and schedule for all, then a table of validation loss against training cost (weights, images per
 * second, wall time). A shape already trained to its end (or early stopped) by an earlier search in the same folder is
 * read back, not trained again; an interrupted one resumes.
 */
public final class ArchitectureSearch {
    /** How the grid is halved after the entry convolution (see {@link org.galaxyparams.net.XceptionConfig#unshuffleEntry}). */
    public enum Entry {
        /** 2x2 max pools: keep one value in four (the shipped networks). */
        MAX,
        /** 2x2 pixel unshuffles: the four values become four channels. */
        UNSHUFFLE;

        /** "max" or "unshuffle", any case. */
        public static Entry parse(String s) {
            for (Entry e : values()) if (e.name().equalsIgnoreCase(s.trim())) return e;
            throw new IllegalArgumentException("entry '" + s + "': give max (2x2 max pools) or unshuffle (2x2 pixel unshuffles)");
        }
    }

    /** One shape of the grid. */
    public record Shape3(int blocks, int filters, int pool, Entry entry) {
        public Shape3 {
            if (blocks < 1 || filters < 1 || pool < 0 || pool > 3)
                throw new IllegalArgumentException(String.format(Locale.ROOT, "shape blocks %d, filters %d, pool %d: give blocks >= 1,"
                        + " filters >= 1 and pool 0-3", blocks, filters, pool));
            if (pool == 0) entry = Entry.MAX; // nothing to downsample: both entries are the same network
        }

        public Shape3(int blocks, int filters, int pool) { this(blocks, filters, pool, Entry.MAX); }

        /** Max-pool shapes keep the names of searches made before the entry axis (so they are read back). */
        String tag() { return "b" + blocks + "-f" + filters + (entry == Entry.UNSHUFFLE ? "-u" : "-p") + pool; }
    }

    /** What one shape reached: its weights, cost and best validation figures (RMSE per label in original units). */
    public record Outcome(Shape3 shape, String model, long weights, int steps, double wallSeconds, double imagesPerSecond,
                          double bestLoss, int bestStep, Map<String, Double> rmse) {}

    private final TrainRequest base;
    private final List<Shape3> grid;

    /**
     * @param base the run every shape shares (preset, steps, batch, learning rate, seeds, validation, augmentation,
     *             input planes, threads, output folder); its blocks, filters, pool and name are replaced per shape
     */
    public ArchitectureSearch(TrainRequest base, List<Integer> blocks, List<Integer> filters, List<Integer> pools) {
        this(base, blocks, filters, pools, List.of(Entry.MAX));
    }

    /** @param entries max pools, pixel unshuffles or both for each pool count (pool 0 is one shape, having neither) */
    public ArchitectureSearch(TrainRequest base, List<Integer> blocks, List<Integer> filters, List<Integer> pools, List<Entry> entries) {
        if (!base.network().equals("xception")) throw new IllegalArgumentException("tune searches the xception regressor's shape, not " + base.network());
        if (base.initFrom() != null || base.denoiser() != null || base.errors())
            throw new IllegalArgumentException("tune trains every shape from scratch on noisy stamps: no init-from, denoiser or errors");
        if (blocks.isEmpty() || filters.isEmpty() || pools.isEmpty() || entries.isEmpty())
            throw new IllegalArgumentException("give at least one value of blocks, filters, pool and entry");
        this.base = base;
        java.util.LinkedHashSet<Shape3> g = new java.util.LinkedHashSet<>(); // a value given twice is one shape
        for (int b : blocks) for (int f : filters) for (int p : pools) for (Entry e : entries) g.add(new Shape3(b, f, p, e));
        this.grid = List.copyOf(g);
    }

    public List<Shape3> grid() { return grid; }

    /**
     * The run of one shape: the base with this shape, named {@code tune-<preset>-b<B>-f<F>-p<P>-<settings>} ({@code -u<P>}
     * for unshuffles), resuming
     * what is there. The last part is a hash of the shared settings (schedule, batch, rate, seeds, validation, planes), so
     * a search with other settings trains its own runs instead of reading back or resuming another search's.
     */
    TrainRequest request(Shape3 s) {
        TrainRequest b = base;
        String settings = String.format(Locale.ROOT, "%d|%d|%s|%d|%d|%d|%d|%b|%b", b.steps(), b.batch(), b.learningRate(), b.seed(),
                b.validationSeed(), b.validation(), b.validateEvery(), b.augment(), b.asinh());
        String tag = org.galaxyparams.net.Sha256.of(settings.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 6);
        return TrainRequest.builder().network(b.network()).preset(b.preset()).name("tune-" + b.preset() + "-" + s.tag() + "-" + tag)
                .out(b.out()).steps(b.steps()).batch(b.batch()).learningRate(b.learningRate()).seed(b.seed())
                .validationSeed(b.validationSeed()).validation(b.validation()).validateEvery(b.validateEvery()).patience(b.patience())
                .maxMinutes(b.maxMinutes()).threads(b.threads()).resume(true).augment(b.augment()).asinh(b.asinh())
                .pool(s.pool()).blocks(s.blocks()).filters(s.filters()).unshuffleEntry(s.entry() == Entry.UNSHUFFLE).build();
    }

    /** Trains (or reads back) every shape in turn; stops between or inside shapes when {@code cancelled}. */
    public List<Outcome> run(PrintStream log, BooleanSupplier cancelled) throws IOException, InterruptedException {
        // before anything starts PyTorch (counting weights does): its thread settings are read once, at start
        DjlRuntime.configureThreads(base.threads() > 0 ? base.threads() : Runtime.getRuntime().availableProcessors());
        DjlRuntime.engine();
        List<Outcome> out = new ArrayList<>();
        for (Shape3 s : grid) {
            if (cancelled.getAsBoolean()) break;
            TrainingOptions o = request(s).options();
            NetworkTrainer trainer = new NetworkTrainer(o, log);
            NetworkTrainer.Progress before = trainer.progress();
            if (finished(before, o)) {
                log.println("tune: " + o.name() + " was trained by an earlier search (step " + before.step() + "): read back");
            } else {
                log.println("tune: training " + o.name() + " (" + (grid.indexOf(s) + 1) + " of " + grid.size() + ")");
                trainer.run(cancelled);
            }
            NetworkTrainer.Progress p = trainer.progress();
            if (cancelled.getAsBoolean() || p == null || (!finished(p, o) && o.maxMinutes() > 0))
                break; // stopped by a cancel or the time limit: resumes on the next search
            if (!finished(p, o)) { // stopped on a non-finite loss: this shape failed, the others still get their turn
                log.println("tune: " + o.name() + " stopped at step " + p.step() + " without finishing (see its log above): listed as failed");
                out.add(new Outcome(s, o.name(), weights(o.architecture(), o.encoding().stampSize()), p.step(), p.wallSeconds(),
                        p.samplesSeen() / Math.max(1e-9, p.wallSeconds()), Double.NaN, p.bestStep(), java.util.Map.of()));
                continue;
            }
            ModelCard card = ModelCard.read(trainer.cardFile());
            out.add(new Outcome(s, o.name(), weights(o.architecture(), o.encoding().stampSize()), p.step(), p.wallSeconds(),
                    p.samplesSeen() / Math.max(1e-9, p.wallSeconds()), p.bestLoss(), p.bestStep(), card.validation()));
        }
        return out;
    }

    /** Whether a run reached its last step or stopped early for want of gains. */
    private static boolean finished(NetworkTrainer.Progress p, TrainingOptions o) {
        return p != null && (p.step() >= o.totalSteps() || p.staleValidations() >= o.patience());
    }

    /** Trainable numbers of an architecture (BatchNorm's running statistics left out). */
    static long weights(Architecture a, int stampSize) {
        Block b = a.build();
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), DjlRuntime.ENGINE)) {
            b.initialize(m, DataType.FLOAT32, new Shape(1, a.inputChannels(), stampSize, stampSize));
            long n = 0;
            for (var p : b.getParameters()) {
                Parameter.Type t = p.getValue().getType();
                if (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR) n += p.getValue().getArray().size();
            }
            return n;
        }
    }

    /** The Markdown table, best validation loss first, with the command that made it. */
    public String table(List<Outcome> outcomes, String command) {
        StringBuilder b = new StringBuilder();
        b.append("Architecture search: ").append(command).append("\n\n");
        b.append(String.format(Locale.ROOT, "%d of %d shapes done. Each: %d steps of %d, lr %.3g, seed %d, validation %d images (seed %d) of %s%s%s.%n%n",
                outcomes.size(), grid.size(), base.steps(), base.batch(), base.learningRate(), base.seed(), base.validation(),
                base.validationSeed(), base.preset(), base.augment() ? ", augmented" : "", base.asinh() ? ", asinh plane" : ""));
        b.append("| blocks | filters | pool | entry | weights | steps | images/s | wall min | best validation loss (step) |");
        for (String l : GalaxyParams.LABELS) b.append(' ').append(l).append(" |");
        b.append("\n|---|---|---|---|---|---|---|---|---|").append("---|".repeat(GalaxyParams.LABELS.length)).append('\n');
        List<Outcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparingDouble(Outcome::bestLoss)); // NaN (failed) last
        for (Outcome o : sorted) {
            b.append(String.format(Locale.ROOT, "| %d | %d | %d | %s | %,d | %d | %.0f | %.1f | %.5f (%d) |", o.shape().blocks(), o.shape().filters(),
                    o.shape().pool(), o.shape().pool() == 0 ? "-" : o.shape().entry().name().toLowerCase(Locale.ROOT), o.weights(), o.steps(),
                    o.imagesPerSecond(), o.wallSeconds() / 60, o.bestLoss(), o.bestStep()));
            for (String l : GalaxyParams.LABELS) {
                Double v = o.rmse() == null ? null : o.rmse().get(l);
                b.append(v == null ? " |" : String.format(Locale.ROOT, " %.4g |", v));
            }
            b.append('\n');
        }
        b.append("\nWeights: trainable numbers (BatchNorm's running statistics left out). Images/s and wall time cover the whole run,"
                + " validations included (a resumed shape also pays for drawing its validation set again), on this machine; the loss"
                + " is the mean squared error of the labels scaled to [-1, 1]; NaN marks a shape whose training stopped on a"
                + " non-finite loss.\n");
        return b.toString();
    }
}
