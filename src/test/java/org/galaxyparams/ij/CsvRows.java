package org.galaxyparams.ij;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a CSV with a header row (fields may be "quoted", with commas inside) as one map per row, for the tests. */
final class CsvRows {
    private CsvRows() {}

    static List<Map<String, String>> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = split(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            List<String> f = split(line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) row.put(header.get(i), i < f.size() ? f.get(i) : "");
            row.put("_line", line);
            rows.add(row);
        }
        return rows;
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) {
                out.add(b.toString());
                b.setLength(0);
            } else b.append(c);
        }
        out.add(b.toString());
        return out;
    }

    static double number(Map<String, String> row, String column) {
        String v = row.get(column);
        if (v == null) throw new AssertionError("no column " + column + " in " + row);
        return v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }

    /** True flux and hlr from a test-image name such as 0001_flux2.500e5_n1.00_hlr0.450_g1+0.200_..., or null. */
    static double[] truthFromName(String name) {
        Matcher m = Pattern.compile("flux([0-9.]+e[0-9]+)_n([0-9.]+)_hlr([0-9.]+)_g1([-+][0-9.]+)_g2([-+][0-9.]+)").matcher(name);
        if (!m.find()) return null;
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5))};
    }

    /**
     * The checks every estimate of the shipped regressor must pass: flux within a factor 2, hlr within four times
     * the validation RMSE its model card records (so the tolerance follows the model that ships).
     */
    static String closeEnough(double flux, double hlr, double trueFlux, double trueHlr) {
        double hlrTolerance = 4 * shippedHlrRmse();
        if (!(flux > trueFlux / 2 && flux < trueFlux * 2)) return "flux " + flux + " not within a factor 2 of " + trueFlux;
        if (!(Math.abs(hlr - trueHlr) < hlrTolerance)) return "hlr " + hlr + " not within " + hlrTolerance + " arcsec of " + trueHlr;
        return null;
    }

    /**
     * The network the default runs on a stamp of these conditions: its specialist for dataset 1 (PSF 0.5", sigma 200) or
     * dataset 2 (PSF 0.5", sigma 200-400), else the general model (read from the shipped cards' ranges, narrowest first).
     */
    static String defaultModelFor(double psfFwhm, double sigma) {
        try {
            for (String name : org.galaxyparams.estimate.ModelLocator.DEFAULT_SPECIALISTS) {
                var p = org.galaxyparams.net.ModelCard.read(java.nio.file.Path.of("models", name + ".json")).prior();
                if (Math.abs(psfFwhm - p.psfFwhmMin()) < 1e-6 && psfFwhm <= p.psfFwhmMax() + 1e-6 && sigma >= p.sigmaMin() * 0.999
                        && sigma <= p.sigmaMax() * 1.001) return name;
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("shipped model card unreadable: " + e.getMessage(), e);
        }
        return org.galaxyparams.estimate.ModelLocator.DEFAULT_REGRESSOR;
    }

    static double shippedHlrRmse() {
        try {
            return org.galaxyparams.net.ModelCard.read(java.nio.file.Path.of("models", org.galaxyparams.estimate.ModelLocator.DEFAULT_REGRESSOR + ".json")).validation().get("hlr");
        } catch (java.io.IOException e) {
            throw new AssertionError("shipped model card unreadable: " + e.getMessage(), e);
        }
    }
}
