package org.galaxyparams.field;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;

/** A simulated field's truth table read back (the CSV {@code simulate-field} writes). */
public record TruthTable(List<FieldTruth> sources) {
    public static final String HEADER = "id,class,x,y,flux,sersic_n,hlr,g1,g2,snr,nearest,blend_fraction";

    /** @throws IOException naming the file and line when it is not such a table */
    public static TruthTable read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).trim().equals(HEADER))
            throw new IOException(csv + " is not a truth table of simulate-field (its first line is not '" + HEADER + "')");
        List<FieldTruth> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] f = line.split(",", -1);
            try {
                if (f.length != 12) throw new NumberFormatException(f.length + " fields instead of 12");
                out.add(new FieldTruth(Integer.parseInt(f[0]), f[1].equals("star"), num(f[2]), num(f[3]),
                        new GalaxyParams(num(f[4]), num(f[5]), num(f[6]), num(f[7]), num(f[8])), num(f[9]),
                        f[10].isEmpty() ? Double.POSITIVE_INFINITY : num(f[10]), num(f[11])));
            } catch (NumberFormatException e) {
                throw new IOException(csv + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new TruthTable(List.copyOf(out));
    }

    private static double num(String s) { return s.isEmpty() ? Double.NaN : Double.parseDouble(s); }

    /**
     * Refuses a truth table that cannot be this field's: a source outside it, or more sources than the field's
     * NGALAXY + NSTAR would allow when its header gives them.
     */
    public void checkFits(FieldImage field, java.nio.file.Path csv) {
        for (FieldTruth t : sources)
            if (!(t.x() >= 0 && t.y() >= 0 && t.x() <= field.width() && t.y() <= field.height()))
                throw new IllegalArgumentException(csv + " is not the truth of " + field.name() + ": its source " + t.id() + " at (" + t.x() + ", "
                        + t.y() + ") lies outside the " + field.width() + " x " + field.height() + " field");
    }

    /** The field's spec as far as an evaluation needs it: its size, PSF and sigma from the header, this pixel scale. */
    public FieldSpec spec(FieldImage field, double pixelScale) {
        long stars = sources.stream().filter(FieldTruth::star).count();
        if (!(field.psfFwhm() > 0) || !(field.sigma() > 0))
            throw new IllegalArgumentException(field.name() + " has no PSF_FWHM or SIGMA in its header: it is not a simulate-field field");
        return new FieldSpec(field.width(), field.height(), (int) (sources.size() - stars), (int) stars, Preset.DATASET3, field.psfFwhm(),
                field.sigma(), 0, 0, 0, pixelScale, false, 0);
    }
}
