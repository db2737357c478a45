package org.galaxyparams.scijava;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.DatasetGenerator;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SimulationConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/**
 * The three SciJava commands run from plain Java through a headless {@link Context} and {@link CommandService}, as
 * Fiji runs them: simulate 20 dataset3 images, fit the first 3, estimate all 20 with the shipped network.
 */
class SciJavaCommandsTest {
    @TempDir
    static Path tmp;
    static Context context;
    static CommandService commands;

    @BeforeAll
    static void startContext() {
        context = new Context(CommandService.class, LogService.class, ConvertService.class);
        commands = context.service(CommandService.class);
    }

    @AfterAll
    static void disposeContext() {
        if (context != null) context.dispose();
    }

    private static CommandModule run(Class<? extends Command> command, Map<String, Object> inputs) throws Exception {
        return commands.run(command, true, inputs).get();
    }

    private static Map<String, Object> inputs(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    private static List<String[]> dataRows(Path csv, String header) throws Exception {
        List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(header, lines.get(0));
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) rows.add(l.split(",", -1));
        return rows;
    }

    @Test
    void indexedHeadlessAndNothingPersists() {
        for (Class<? extends Command> c : List.of(SimulateGalaxiesCommand.class, EstimateParametersCommand.class, FitGalaxiesCommand.class)) {
            CommandInfo info = commands.getCommand(c);
            assertNotNull(info, c + " is not in the plugin index (META-INF/json/org.scijava.plugin.Plugin)");
            assertTrue(info.canRunHeadless(), c + " must run headless");
            List<String> menu = info.getMenuPath().stream().map(e -> e.getName()).toList();
            assertEquals(List.of("Plugins", "Galaxy Params", "Headless", info.getTitle()), menu);
            assertEquals(info.getMenuPath().getLeaf().getName(), info.getTitle());
            int inputs = 0;
            for (ModuleItem<?> item : info.inputs()) {
                if (Service.class.isAssignableFrom(item.getType()) || Context.class.isAssignableFrom(item.getType())) continue;
                assertFalse(item.isPersisted(), c.getSimpleName() + "." + item.getName() + " must have persist = false");
                inputs++;
            }
            assertTrue(inputs >= 4, c + " inputs");
            assertNotNull(info.getOutput("summary"), c + " summary output");
        }
        assertEquals(SimulateGalaxiesCommand.TITLE, commands.getCommand(SimulateGalaxiesCommand.class).getTitle());
        assertEquals(EstimateParametersCommand.TITLE, commands.getCommand(EstimateParametersCommand.class).getTitle());
        assertEquals(FitGalaxiesCommand.TITLE, commands.getCommand(FitGalaxiesCommand.class).getTitle());
    }

    @Test
    void simulateFitAndEstimateThroughCommandService() throws Exception {
        Path fits = tmp.resolve("dataset3 run.fits");
        CommandModule sim = run(SimulateGalaxiesCommand.class,
                inputs("preset", "dataset3", "count", 20, "seed", 11L, "output", fits.toFile(), "threads", 2));
        assertFalse(sim.isCanceled(), sim.getCancelReason());
        assertTrue(((String) sim.getOutput("summary")).startsWith("Simulate Galaxy Dataset: wrote 20 dataset3 images (seed 11) to "),
                (String) sim.getOutput("summary"));

        List<Sample> core = new DatasetGenerator(SimulationConfig.of(Preset.DATASET3, 11), 1).generate(20);
        double[] trueFlux = new double[20];
        try (DatasetReader r = DatasetReader.open(fits)) {
            assertEquals(20, r.count());
            assertEquals("dataset3", r.info().preset());
            assertEquals(11, r.info().seed());
            assertTrue(r.hasTruth() && r.hasNoiseless());
            for (int i = 0; i < 20; i++) {
                GalaxyParams t = r.truth(i);
                assertEquals(core.get(i).params(), t, "labels of image " + i);
                assertEquals(core.get(i).psfFwhm(), r.psfFwhm(i));
                assertEquals(core.get(i).sigma(), r.sigma(i));
                assertArrayEquals(core.get(i).noisy(), r.noisy(i), "same images as the core generator");
                assertTrue(t.flux() >= 3e4 && t.flux() <= 4e5 && r.psfFwhm(i) >= 0.5 && r.psfFwhm(i) <= 1.0
                        && r.sigma(i) >= 200 && r.sigma(i) <= 400, "dataset3 prior, image " + i);
                trueFlux[i] = t.flux();
            }
        }

        Path fitCsv = tmp.resolve("fit.csv");
        CommandModule fit = run(FitGalaxiesCommand.class,
                inputs("input", fits.toFile(), "output", fitCsv.toFile(), "count", 3, "threads", 2));
        assertFalse(fit.isCanceled(), fit.getCancelReason());
        assertTrue(((String) fit.getOutput("summary")).contains("3 images of dataset3 run.fits into " + fitCsv
                + ": 3 fitted, 0 without a fit"), (String) fit.getOutput("summary"));
        List<String[]> fitRows = dataRows(fitCsv, org.galaxyparams.app.EstimateFiles.HEADER);
        assertEquals(3, fitRows.size());
        for (int i = 0; i < 3; i++) {
            String[] f = fitRows.get(i);
            assertEquals(String.valueOf(i), f[col("index")]);
            assertEquals("1", f[col("converged")], "image " + i + " converged: " + String.join(",", f));
            double flux = Double.parseDouble(f[col("flux")]), err = Double.parseDouble(f[col("flux_err")]);
            assertTrue(Double.isFinite(err) && err > 0, "Cramer-Rao error of image " + i);
            assertEquals(trueFlux[i], flux, 5 * err, "fitted flux of image " + i);
        }

        Path estCsv = tmp.resolve("estimates.csv");
        CommandModule est = run(EstimateParametersCommand.class, inputs("input", fits.toFile(), "output", estCsv.toFile(),
                "model", "xception-dataset3", "denoiser", "none", "device", "cpu"));
        assertFalse(est.isCanceled(), est.getCancelReason());
        String summary = (String) est.getOutput("summary");
        assertTrue(summary.startsWith("Estimate Galaxy Parameters: " + fits + ": 20 stamps from 1 files into " + estCsv), summary);
        assertTrue(summary.contains("0 unreadable, 0 stamps without an estimate") && summary.contains("xception-dataset3@"), summary);
        List<String[]> estRows = dataRows(estCsv, org.galaxyparams.app.EstimateFiles.HEADER);
        assertEquals(20, estRows.size());
        for (int i = 0; i < 20; i++) {
            String[] f = estRows.get(i);
            assertEquals("\"dataset3 run.fits\"", f[0]);
            assertEquals(String.valueOf(i), f[col("index")]);
            for (int k = col("flux"); k <= col("g2"); k++) assertTrue(Double.isFinite(Double.parseDouble(f[k])), "estimate " + i + ": " + String.join(",", f));
            double ratio = Double.parseDouble(f[col("flux")]) / trueFlux[i];
            assertTrue(ratio > 0.5 && ratio < 2, "estimated flux of image " + i + " is " + f[col("flux")] + ", truth " + trueFlux[i]);
        }
    }

    @Test
    void mistakesAreMessagesAndCancelTheCommand() throws Exception {
        Path missing = tmp.resolve("no such.fits");
        Path out = tmp.resolve("never.csv");
        CommandModule fit = run(FitGalaxiesCommand.class, inputs("input", missing.toFile(), "output", out.toFile()));
        assertTrue(fit.isCanceled());
        assertEquals("input='" + missing + "' does not exist", fit.getCancelReason());
        assertEquals("Fit Galaxy Dataset: input='" + missing + "' does not exist", fit.getOutput("summary"));
        assertFalse(Files.exists(out));

        Path fits = tmp.resolve("never.fits");
        CommandModule sim = run(SimulateGalaxiesCommand.class,
                inputs("preset", "dataset9", "count", 5, "output", fits.toFile()));
        assertTrue(sim.isCanceled());
        assertTrue(sim.getCancelReason().startsWith("Unknown preset 'dataset9'"), sim.getCancelReason());
        sim = run(SimulateGalaxiesCommand.class, inputs("count", 0, "output", new File(fits.toString())));
        assertTrue(sim.isCanceled());
        assertEquals("count=0: must be at least 1", sim.getCancelReason());
        assertFalse(Files.exists(fits));

        CommandModule est = run(EstimateParametersCommand.class, inputs("input", tmp.toFile(), "output",
                tmp.resolve("e.csv").toFile(), "device", "tpu"));
        assertTrue(est.isCanceled());
        assertTrue(est.getCancelReason().startsWith("device 'tpu': use auto, cpu or gpu"), est.getCancelReason());
    }

    /** Index of a column of the estimate CSV. */
    private static int col(String name) {
        return java.util.List.of(org.galaxyparams.app.EstimateFiles.HEADER.split(",")).indexOf(name);
    }
}
