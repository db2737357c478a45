package org.galaxyparams.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.galaxyparams.field.FieldSimulator;
import org.galaxyparams.field.FieldSpec;
import org.galaxyparams.field.FieldTruth;
import org.galaxyparams.io.FieldFits;
import org.galaxyparams.io.OutputFile;
import org.galaxyparams.sim.GalaxyParams;

/**
 * The simulate-field workflow: draws a field ({@link FieldSimulator}) and writes it as FITS with its truth table as
 * CSV, for the CLI and Fiji alike.
 */
public final class FieldSimulation {
    private FieldSimulation() {}

    /** The truth table's default name beside a field: field.fits gives field.truth.csv. */
    public static Path truthBeside(Path fits) {
        String name = fits.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return fits.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".truth.csv");
    }

    /** @return null when cancelled (nothing written) */
    public static FieldSimulator.SimulatedField run(FieldSpec spec, Path fits, Path truth, String command, Monitor monitor) throws IOException {
        monitor.status("Drawing " + spec.galaxies() + " galaxies and " + spec.stars() + " stars...");
        FieldSimulator.SimulatedField f = FieldSimulator.simulate(spec, monitor, monitor::isCancelled);
        if (f == null) return null;
        FieldFits.write(fits, f.image(), "MOFFAT", org.galaxyparams.sim.Preset.PSF_BETA, "PRESET", spec.preset().id(), "SEED", spec.seed(),
                "NGALAXY", (long) spec.galaxies(), "NSTAR", (long) spec.stars(), "SKY", spec.sky(), "SKYGRAD", spec.skyGradient(),
                "GPCMD", command);
        writeTruth(f.truth(), truth);
        return f;
    }

    public static void writeTruth(List<FieldTruth> truth, Path csv) throws IOException {
        try (OutputFile f = OutputFile.open(csv)) {
            BufferedWriter w = f.writer();
            w.write(org.galaxyparams.field.TruthTable.HEADER);
            w.newLine();
            for (FieldTruth t : truth) {
                GalaxyParams p = t.params();
                w.write(t.id() + "," + t.kind() + "," + ResultColumns.format(3, t.x()) + "," + ResultColumns.format(3, t.y()) + ","
                        + ResultColumns.format(1, p.flux()) + "," + ResultColumns.format(5, p.sersicN()) + "," + ResultColumns.format(6, p.hlrArcsec())
                        + "," + ResultColumns.format(6, p.g1()) + "," + ResultColumns.format(6, p.g2()) + "," + ResultColumns.format(3, t.snr())
                        + "," + ResultColumns.format(2, t.nearest()) + "," + ResultColumns.format(5, t.blendFraction()));
                w.newLine();
            }
            f.commit();
        }
    }
}
