package org.galaxyparams.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The column schema of a field catalog: the source's place, class and flags, then the measurement columns every
 * workflow writes ({@link ResultColumns}, without the stamp-mode ones). CSV, FITS table and Fiji's ResultsTable all
 * go through it.
 */
public final class CatalogColumns {
    /** One column; digits as in {@link ResultColumns.Column} (-1 text). */
    public record Column(String name, String unit, int digits, Function<CatalogRow, Object> value) {
        public boolean text() { return digits < 0; }

        public double number(CatalogRow r) {
            Object v = value.apply(r);
            return v instanceof Number n ? n.doubleValue() : Double.NaN;
        }

        public String string(CatalogRow r) {
            Object v = value.apply(r);
            return v == null ? "" : v.toString();
        }
    }

    /** Stamp-mode columns a catalog replaces with its own. */
    private static final Set<String> LEFT_OUT = Set.of("file", "index", "slice", "roi", "x", "y");

    public static final List<Column> ALL = build();

    private CatalogColumns() {}

    private static List<Column> build() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("file", "", -1, CatalogRow::file));
        c.add(new Column("id", "", 0, CatalogRow::id));
        c.add(new Column("x", "pixels", 3, CatalogRow::x));
        c.add(new Column("y", "pixels", 3, CatalogRow::y));
        c.add(new Column("ra", "deg", 7, CatalogRow::ra));
        c.add(new Column("dec", "deg", 7, CatalogRow::dec));
        c.add(new Column("class", "", -1, CatalogRow::kind));
        c.add(new Column("flags", "", 0, CatalogRow::flags));
        c.add(new Column("area", "pixels", 0, CatalogRow::area));
        c.add(new Column("iso_flux", "counts", 0, CatalogRow::isoFlux));
        c.add(new Column("snr", "", 2, CatalogRow::snr));
        c.add(new Column("size_sigma", "sigma", 2, CatalogRow::sizeSignificance));
        for (ResultColumns.Column rc : ResultColumns.ALL) {
            if (LEFT_OUT.contains(rc.name())) continue;
            c.add(new Column(rc.name(), rc.unit(), rc.digits(), r -> rc.value().apply(r.measurement())));
        }
        return List.copyOf(c);
    }

    public static String header() {
        StringBuilder b = new StringBuilder();
        for (Column c : ALL) b.append(b.length() == 0 ? "" : ",").append(c.name());
        return b.toString();
    }

    public static String csvLine(CatalogRow r) {
        StringBuilder b = new StringBuilder();
        for (Column c : ALL) {
            if (c != ALL.get(0)) b.append(',');
            b.append(c.text() ? ResultColumns.quote(c.string(r)) : ResultColumns.format(c.digits(), c.number(r)));
        }
        return b.toString();
    }
}
