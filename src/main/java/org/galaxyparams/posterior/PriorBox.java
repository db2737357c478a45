package org.galaxyparams.posterior;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A prior box the user gives instead of (part of) the model card's: uniform flux, Sersic n and hlr on the given
 * ranges, |g| up to a bound, and the SNR window; what the box leaves out stays the card's. Written as
 * {@code flux=3e4:1e5,sersic_n=1:4,hlr=0.1:0.3,g=0.5,snr=10:100} (any subset, in any order; {@code snr=0:inf} drops
 * the SNR selection).
 *
 * @param text the box as given, normalised ("" for none)
 */
public record PriorBox(String text, Map<String, double[]> ranges) {
    public static final PriorBox NONE = new PriorBox("", Map.of());
    /** The widest box a drawing can take: GalSim's Sersic indices, a positive flux and size, |g| below 1. */
    private static final double N_MIN = 0.3, N_MAX = 6.2;

    /**
     * @throws IllegalArgumentException naming the entry and the form expected
     */
    public static PriorBox parse(String text) {
        if (text == null || text.isBlank()) return NONE;
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0) throw bad(p, "a key=value entry");
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).trim();
            double[] r;
            try {
                if (key.equals("g")) {
                    r = new double[] {0, Double.parseDouble(value)};
                } else {
                    String[] lh = value.split(":");
                    if (lh.length != 2) throw bad(p, key + "=low:high");
                    r = new double[] {Double.parseDouble(lh[0].trim()), number(lh[1].trim())};
                }
            } catch (NumberFormatException e) {
                throw bad(p, key.equals("g") ? "g=bound" : key + "=low:high, numbers");
            }
            switch (key) {
                case "flux" -> check(p, r[0] > 0 && r[1] > r[0] && Double.isFinite(r[1]), "0 < low < high counts");
                case "sersic_n", "n" -> {
                    key = "sersic_n";
                    check(p, r[0] >= N_MIN && r[1] <= N_MAX && r[1] > r[0], N_MIN + " <= low < high <= " + N_MAX);
                }
                case "hlr" -> check(p, r[0] > 0 && r[1] > r[0] && r[1] <= 10, "0 < low < high <= 10 arcsec");
                case "g" -> check(p, r[1] > 0 && r[1] < 1, "0 < bound < 1");
                case "snr" -> check(p, r[0] >= 0 && r[1] > r[0], "0 <= low < high (inf for no upper bound)");
                default -> throw bad(p, "one of flux, sersic_n, hlr, g, snr");
            }
            if (out.put(key, r) != null) throw bad(p, "each key once");
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, double[]> e : out.entrySet()) {
            if (b.length() > 0) b.append(',');
            b.append(e.getKey()).append('=');
            if (e.getKey().equals("g")) b.append(fmt(e.getValue()[1]));
            else b.append(fmt(e.getValue()[0])).append(':').append(fmt(e.getValue()[1]));
        }
        return new PriorBox(b.toString(), Map.copyOf(out));
    }

    private static double number(String s) {
        return s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("infinity") ? Double.POSITIVE_INFINITY : Double.parseDouble(s);
    }

    private static String fmt(double v) { return Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1"); }

    private static void check(String part, boolean ok, String expected) {
        if (!ok) throw bad(part, expected);
    }

    private static IllegalArgumentException bad(String part, String expected) {
        return new IllegalArgumentException("prior box entry '" + part + "': give " + expected
                + " (e.g. flux=3e4:1e5,sersic_n=1:4,hlr=0.1:0.3,g=0.5,snr=10:100)");
    }

    public boolean isEmpty() { return ranges.isEmpty(); }

    /** The card's prior with this box's ranges in place of its own. */
    public PosteriorPrior applyTo(PosteriorPrior card) {
        double[] f = ranges.getOrDefault("flux", new double[] {card.fluxMin(), card.fluxMax()});
        double[] n = ranges.getOrDefault("sersic_n", new double[] {card.nMin(), card.nMax()});
        double[] h = ranges.getOrDefault("hlr", new double[] {card.hlrMin(), card.hlrMax()});
        double[] g = ranges.getOrDefault("g", new double[] {0, card.shearMax()});
        double[] s = ranges.getOrDefault("snr", new double[] {card.snrMin(), card.snrMax()});
        return new PosteriorPrior(f[0], f[1], n[0], n[1], h[0], h[1], g[1], s[0], s[1]);
    }

    @Override
    public String toString() { return text; }
}
