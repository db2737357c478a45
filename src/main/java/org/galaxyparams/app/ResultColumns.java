package org.galaxyparams.app;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.galaxyparams.sim.GalaxyParams;

/**
 * The one column schema of result rows: names, units, digits and values. The CSV writer and Fiji's ResultsTable
 * both go through it, so a CSV and a table of the same run have the same columns in the same order, and a missing
 * value is an empty CSV field (NaN in the table).
 */
public final class ResultColumns {
    /** Digits value for a number written with {@link #SIGNIFICANT} significant digits (values that can be tiny or huge). */
    public static final int SIGNIFICANT_DIGITS = 100;
    static final int SIGNIFICANT = 6;

    /**
     * One column.
     *
     * @param unit for README and tooltips ("" when dimensionless)
     * @param digits decimals written; -1 for text; {@link #SIGNIFICANT_DIGITS} for significant digits
     */
    public record Column(String name, String unit, int digits, Function<MeasurementRow, Object> value) {
        public boolean text() { return digits < 0; }

        public boolean significant() { return digits == SIGNIFICANT_DIGITS; }

        /** The number as the CSV writes it ("" when missing). */
        public String format(double v) { return ResultColumns.format(digits, v); }

        /** The value as a number (NaN when missing); only for numeric columns. */
        public double number(MeasurementRow r) {
            Object v = value.apply(r);
            return v instanceof Number n ? n.doubleValue() : Double.NaN;
        }

        /** The value as a string ("" when missing), for text columns. */
        public String string(MeasurementRow r) {
            Object v = value.apply(r);
            return v == null ? "" : v.toString();
        }
    }

    private static final String[] UNITS = {"counts", "", "arcsec", "", ""};
    /**
     * Decimals per label. The networks compute in float32: across thread counts and CPUs (other oneDNN kernels sum in
     * other orders) their answers agree to about 2e-7 of a label's range, e.g. 0.02 counts of flux. Each label is
     * written on a grid at least 50 times coarser than that (flux to 1 count, far below its error of ~10^4), so the
     * rows are the same on any machine and thread count, and no digit is written that the arithmetic does not hold.
     */
    private static final int[] DIGITS = {0, 4, 5, 5, 5};

    public static final List<Column> ALL = build();

    private ResultColumns() {}

    private static List<Column> build() {
        List<Column> c = new java.util.ArrayList<>();
        c.add(new Column("file", "", -1, MeasurementRow::file));
        c.add(new Column("index", "", 0, r -> r.index() >= 0 ? r.index() : null));
        c.add(new Column("slice", "", 0, r -> r.slice() > 0 ? r.slice() : null));
        c.add(new Column("roi", "", -1, MeasurementRow::roi));
        c.add(new Column("x", "pixels", 2, MeasurementRow::x));
        c.add(new Column("y", "pixels", 2, MeasurementRow::y));
        for (int k = 0; k < 5; k++) {
            int label = k;
            c.add(new Column(GalaxyParams.LABELS[k], UNITS[k], DIGITS[k], r -> r.estimate() == null ? null : r.estimate().toArray()[label]));
        }
        for (int k = 0; k < 5; k++) {
            int label = k;
            c.add(new Column(GalaxyParams.LABELS[k] + "_err", UNITS[k], DIGITS[k], r -> r.errors() == null ? null : r.errors()[label]));
        }
        for (int k = 0; k < 5; k++) {
            int label = k;
            c.add(new Column(GalaxyParams.LABELS[k] + "_p16", UNITS[k], DIGITS[k], r -> r.posterior() == null ? null : r.posterior().p16()[label]));
            c.add(new Column(GalaxyParams.LABELS[k] + "_p84", UNITS[k], DIGITS[k], r -> r.posterior() == null ? null : r.posterior().p84()[label]));
        }
        c.add(new Column("method", "", -1, MeasurementRow::method));
        c.add(new Column("converged", "", 0, r -> r.fit() == null ? null : r.fit().converged() ? 1 : 0));
        c.add(new Column("chi2_dof", "", 4, r -> r.fit() == null ? null : r.fit().chi2PerDof()));
        c.add(new Column("iterations", "", 0, r -> r.fit() == null ? null : r.fit().iterations()));
        c.add(new Column("ess", "", 0, r -> r.posterior() == null ? null : r.posterior().ess()));
        c.add(new Column("psf_fwhm", "arcsec", 4, MeasurementRow::psfFwhm));
        c.add(new Column("sigma", "counts", SIGNIFICANT_DIGITS, MeasurementRow::sigma));
        c.add(new Column("sky", "counts/pixel", SIGNIFICANT_DIGITS, MeasurementRow::sky));
        c.add(new Column("detection", "sigma", 1, MeasurementRow::detection));
        c.add(new Column("model", "", -1, MeasurementRow::model));
        c.add(new Column("time_s", "s", 4, MeasurementRow::seconds));
        c.add(new Column("message", "", -1, MeasurementRow::message));
        return List.copyOf(c);
    }

    /** A number with {@code digits} decimals (or {@link #SIGNIFICANT_DIGITS}), "" when missing: the one number format of the CSVs. */
    public static String format(int digits, double v) {
        if (!Double.isFinite(v)) return "";
        return digits == SIGNIFICANT_DIGITS ? String.format(Locale.ROOT, "%." + SIGNIFICANT + "g", v) : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** A text field as the CSV writes it: quoted, quotes become ', line breaks spaces. */
    public static String quote(String s) {
        return '"' + (s == null ? "" : s).replace('"', '\'').replace('\n', ' ').replace('\r', ' ') + '"';
    }

    /** The CSV header line. */
    public static String header() {
        StringBuilder b = new StringBuilder();
        for (Column c : ALL) b.append(b.length() == 0 ? "" : ",").append(c.name());
        return b.toString();
    }

    /** One CSV line: numbers with the column's digits, empty when missing; text quoted (quotes become '). */
    public static String csvLine(MeasurementRow r) {
        StringBuilder b = new StringBuilder();
        for (Column c : ALL) {
            if (c != ALL.get(0)) b.append(',');
            if (c.text()) {
                b.append(quote(c.string(r)));
            } else {
                b.append(c.format(c.number(r)));
            }
        }
        return b.toString();
    }
}
