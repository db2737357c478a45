package org.galaxyparams.scijava;

import org.galaxyparams.app.Monitor;
import org.galaxyparams.app.SimulateRequest;
import org.galaxyparams.app.Simulation;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.galaxyparams.io.DatasetInfo;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.SimulationConfig;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Simulates a preset into a FITS dataset, as {@code Galaxy_Params.jar simulate --preset P --count N --seed S --out F}
 * does (same images for the same preset, count and seed, whatever the thread count). Headless:
 * {@code --headless --run "Simulate Galaxy Dataset" "preset='dataset3', count=1000, seed=1, output='/path/out.fits'"}.
 */
@Plugin(type = Command.class, headless = true, menuPath = CommandSupport.MENU + SimulateGalaxiesCommand.TITLE,
        description = "Simulates galaxies of a preset (dataset1-3, snr30, snr60) into a FITS dataset")
public class SimulateGalaxiesCommand extends ContextCommand {
    public static final String TITLE = "Simulate Galaxy Dataset";

    @Parameter
    private LogService log;

    @Parameter(required = false)
    private StatusService status;

    @Parameter(label = "Preset", persist = false, choices = {"dataset1", "dataset2", "dataset3", "snr30", "snr60"},
            description = "Prior of the study: dataset1, dataset2, dataset3, snr30 or snr60")
    private String preset = SimulateRequest.PRESET.id();

    @Parameter(label = "Number of images", persist = false, min = "1", description = "Accepted samples to generate")
    private int count = SimulateRequest.count(SimulateRequest.PRESET);

    @Parameter(label = "Seed", persist = false, required = false, description = "Base seed: the same seed gives the same images")
    private long seed = SimulateRequest.SEED;

    @Parameter(label = "Output FITS", persist = false, style = "save", description = "Dataset file to write")
    private File output;

    @Parameter(label = "Replace an existing file", persist = false, required = false)
    private boolean overwrite = false;

    @Parameter(label = "Threads (0 = all cores)", persist = false, required = false, min = "0")
    private int threads = 0;

    @Parameter(type = ItemIO.OUTPUT, label = "Summary")
    private String summary;

    @Override
    public void run() {
        try {
            summary = simulate();
            log.info(summary);
        } catch (CancellationException e) {
            summary = TITLE + ": cancelled, nothing written";
            log.warn(summary);
            cancel(summary);
        } catch (CommandSupport.Failure | IllegalArgumentException | IllegalStateException | IOException | UncheckedIOException e) {
            String message = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
            summary = TITLE + ": " + message;
            log.error(summary);
            cancel(message);
        }
    }

    private String simulate() throws CommandSupport.Failure, IOException {
        Path out = CommandSupport.output(output, "output");
        if (count < 1) throw new CommandSupport.Failure("count=" + count + ": must be at least 1");
        if (java.nio.file.Files.exists(out) && !overwrite)
            throw new CommandSupport.Failure("output=" + out + " exists: give another file, or overwrite=true to replace it");
        Preset p = preset == null ? SimulateRequest.PRESET : Preset.parse(preset);
        SimulationConfig config = SimulationConfig.of(p, seed);
        String call = CommandSupport.runCall(TITLE, CommandSupport.format("preset=%s, count=%d, seed=%d, output=%s",
                CommandSupport.quote(p.id()), count, seed, CommandSupport.quote(out)));
        DatasetInfo info = DatasetInfo.forSimulation(config, p.id(), call);
        BooleanSupplier cancelled = CommandSupport.interruptedCheck();
        long t0 = System.nanoTime();
        Simulation.run(config, count, CommandSupport.threads(threads), info, out, true, null,
                Monitor.of(CommandSupport.progress(status, "Simulating " + p.id(), cancelled), cancelled, m -> log.warn(TITLE + ": " + m)));
        return CommandSupport.format("%s: wrote %d %s images (seed %d) to %s in %.1f s", TITLE, count, p.id(), seed, out,
                (System.nanoTime() - t0) / 1e9);
    }
}
