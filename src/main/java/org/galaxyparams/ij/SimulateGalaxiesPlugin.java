package org.galaxyparams.ij;

import org.galaxyparams.app.Monitor;
import org.galaxyparams.app.Simulation;
import org.galaxyparams.io.SliceLabels;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.PlugIn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

import org.galaxyparams.io.DatasetInfo;
import org.galaxyparams.sim.ProgressListener;
import org.galaxyparams.sim.SimulationConfig;

/**
 * Plugins &gt; Galaxy Params &gt; Simulate Galaxies...: simulates a dataset with the core generator and shows it as
 * stacks (noisy, optionally noiseless and PSF) whose slice labels carry the true parameters, and/or writes it as
 * a dataset FITS (save_to). Without a display it reads its options from the macro options (see
 * {@link SimulationOptions} for the keys) and never builds a dialog.
 */
public class SimulateGalaxiesPlugin implements PlugIn {
    public static final String COMMAND = "Simulate Galaxies...";
    static final String TITLE = "Simulate Galaxies";

    /** What a run produced: the stacks asked for (null otherwise) and the file written (or null). */
    public record Result(int count, ImagePlus noisy, ImagePlus noiseless, ImagePlus psf, Path saved) {}

    @Override
    public void run(String arg) {
        SimulationOptions options;
        try {
            MacroForm.Values v = PluginOptions.read(TITLE, SimulationOptions.form(),
                    "preset=dataset1 count=100 seed=42 save_to=[/path/out.fits]");
            if (v == null) return;
            options = SimulationOptions.from(v);
        } catch (IllegalArgumentException e) {
            IjUi.error(TITLE, e.getMessage());
            return;
        }
        run(options);
    }

    /**
     * Does the work: simulates, saves (save_to), and shows the stacks asked for (not without a display). Reports
     * problems to the user.
     *
     * @return what was produced, or null if it failed or was cancelled
     */
    public Result run(SimulationOptions o) {
        boolean display = !IjUi.headless();
        if (display && !o.showNoisy() && !o.showNoiseless() && !o.showPsf() && !o.hasSaveTo()) {
            IjUi.error(TITLE, "nothing to do: tick show_noisy, show_noiseless or show_psf, or give save_to");
            return null;
        }
        if (!display && !o.hasSaveTo()) {
            IjUi.error(TITLE, "without a display the images can only be saved: give save_to=[/path/out.fits]");
            return null;
        }
        if (o.hasSaveTo() && !o.overwrite() && java.nio.file.Files.exists(Path.of(o.saveTo().trim()))) {
            IjUi.error(TITLE, "save_to=[" + o.saveTo().trim() + "] exists: give another path, or tick overwrite to replace it");
            return null;
        }
        IJ.resetEscape();
        try {
            Result r = simulate(o, IjUi.progress("Simulating"));
            IjUi.done("Simulated " + r.count() + " galaxies" + (r.saved() != null ? ", saved " + r.saved() : ""));
            // a batch-mode macro (also under Fiji's --headless) takes its images without windows: Simulate_Galaxies.ijm saves them
            if (display || ij.macro.Interpreter.isBatchMode()) {
                for (ImagePlus imp : new ImagePlus[] {r.noisy(), r.noiseless(), r.psf()}) if (imp != null) IjUi.show(imp);
            }
            if (r.saved() != null) IJ.log(TITLE + ": wrote " + r.count() + " galaxies to " + r.saved());
            return r;
        } catch (CancellationException e) {
            IjUi.done(TITLE + ": cancelled, nothing saved");
            return null;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            IjUi.done("");
            IjUi.error(TITLE, e.getMessage());
            return null;
        }
    }

    /**
     * Simulates {@code o.count()} samples with the core generator; streams them to the dataset file (save_to) and
     * builds the stacks asked for (not shown).
     *
     * @throws CancellationException if the listener cancels; nothing is written then
     */
    public static Result simulate(SimulationOptions o, ProgressListener progress) throws IOException {
        SimulationConfig config = o.config();
        int size = config.geometry().size();
        boolean fixedPsf = o.fixedPsf();
        long perStack = (long) o.count() * size * size * 4;
        long needed = (o.showNoisy() ? perStack : 0) + (o.showNoiseless() ? perStack : 0)
                + (o.showPsf() ? (fixedPsf ? size * size * 4L : perStack) : 0);
        GalaxyImages.checkMemory(needed, "the stacks asked for");
        ImageStack noisy = o.showNoisy() ? new ImageStack(size, size) : null;
        ImageStack noiseless = o.showNoiseless() ? new ImageStack(size, size) : null;
        ImageStack psf = o.showPsf() ? new ImageStack(size, size) : null;

        DatasetInfo info = DatasetInfo.forSimulation(config, o.preset(), o.toMacroCall());
        Path out = o.hasSaveTo() ? Path.of(o.saveTo().trim()).toAbsolutePath() : null;
        int made = Simulation.run(config, o.count(), o.threads(), info, out, true, s -> {
            String label = SliceLabels.format(s);
            if (noisy != null) GalaxyImages.addSlice(noisy, label, s.noisy());
            if (noiseless != null) GalaxyImages.addSlice(noiseless, label, s.noiseless());
            if (psf != null && (!fixedPsf || psf.getSize() == 0)) GalaxyImages.addSlice(psf, "psf=" + SliceLabels.rounded(s.psfFwhm()), s.psf().clone());
        }, Monitor.of(progress, progress::isCancelled, IJ::log));
        String title = "Galaxies " + o.preset() + " seed " + o.seed();
        return new Result(made,
                noisy == null ? null : GalaxyImages.image(title + " noisy", noisy, info, GalaxyImages.NOISY),
                noiseless == null ? null : GalaxyImages.image(title + " noiseless", noiseless, info, GalaxyImages.NOISELESS),
                psf == null ? null : GalaxyImages.image(title + " PSF", psf, info, GalaxyImages.PSF),
                out);
    }
}
