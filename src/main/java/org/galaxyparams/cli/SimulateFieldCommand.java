package org.galaxyparams.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.galaxyparams.app.FieldSimulation;
import org.galaxyparams.app.Monitor;
import org.galaxyparams.field.FieldSimulator;
import org.galaxyparams.field.FieldSpec;
import org.galaxyparams.sim.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simulate-field}: a field with galaxies and stars at known places, and its truth table. */
@Command(name = "simulate-field", mixinStandardHelpOptions = true,
        description = "Draws a field image with galaxies (from a preset's prior) and stars at known positions, overlaps included,"
                + " as FITS with its truth table as CSV.")
final class SimulateFieldCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "field FITS (replaced)")
    Path out;
    @Option(names = "--truth", description = "truth CSV (default: beside the field, .truth.csv)")
    Path truth;
    @Option(names = "--width", defaultValue = "4096", description = "pixels (default ${DEFAULT-VALUE})")
    int width;
    @Option(names = "--height", defaultValue = "4096", description = "pixels (default ${DEFAULT-VALUE})")
    int height;
    @Option(names = "--galaxies", defaultValue = "1000", description = "default ${DEFAULT-VALUE}")
    int galaxies;
    @Option(names = "--stars", defaultValue = "100", description = "default ${DEFAULT-VALUE}")
    int stars;
    @Option(names = "--preset", defaultValue = "dataset3", description = "prior of the galaxies' flux, n, hlr and shear (default ${DEFAULT-VALUE})")
    String preset;
    @Option(names = "--psf-fwhm", defaultValue = "0.7", description = "Moffat (beta 2) FWHM, arcsec (default ${DEFAULT-VALUE})")
    double psfFwhm;
    @Option(names = "--sigma", defaultValue = "300", description = "read noise, counts (default ${DEFAULT-VALUE})")
    double sigma;
    @Option(names = "--sky", defaultValue = "1000", description = "sky level, counts/pixel (default ${DEFAULT-VALUE})")
    double sky;
    @Option(names = "--sky-gradient", defaultValue = "0", description = "sky change across the width, counts/pixel (default ${DEFAULT-VALUE})")
    double skyGradient;
    @Option(names = "--pairs", defaultValue = "0.05", description = "fraction of galaxies placed 6-15 pixels from another (default ${DEFAULT-VALUE})")
    double pairs;
    @Option(names = "--pixel-scale", defaultValue = "0.23", description = "arcsec/pixel (default ${DEFAULT-VALUE})")
    double pixelScale;
    @Option(names = "--no-wcs", description = "write no WCS (pixel coordinates only)")
    boolean noWcs;
    @Option(names = "--seed", defaultValue = "1", description = "default ${DEFAULT-VALUE}")
    long seed;

    @Override
    public Integer call() throws Exception {
        FieldSpec spec = new FieldSpec(width, height, galaxies, stars, Preset.parse(preset), psfFwhm, sigma, sky, skyGradient, pairs, pixelScale,
                !noWcs, seed);
        Path t = truth != null ? truth : FieldSimulation.truthBeside(out);
        CliSupport.checkOutput("--out", out);
        CliSupport.checkOutput("--truth", t, out);
        long t0 = System.nanoTime();
        FieldSimulator.SimulatedField f = FieldSimulation.run(spec, out, t, "Galaxy_Params.jar " + String.join(" ", CliSupport.commandLine()),
                Monitor.of(new TerminalProgress(System.err, "simulate-field"), () -> false, System.err::println));
        System.out.printf(java.util.Locale.ROOT, "wrote %s (%d x %d, %d galaxies, %d stars) and %s in %.1f s%n", out, width, height, galaxies, stars, t,
                (System.nanoTime() - t0) / 1e9);
        return f == null ? 1 : 0;
    }
}
