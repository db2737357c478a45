package org.galaxyparams.ij;

import ij.measure.ResultsTable;
import java.util.List;
import org.galaxyparams.app.MeasurementRow;
import org.galaxyparams.app.ResultColumns;

/** Fills a named ResultsTable with result rows through {@link ResultColumns}: the same columns as the CSVs. */
final class ResultTables {
    private ResultTables() {}

    /**
     * The table named {@code title}, with {@code rows} added after the rows it already shows (unless {@code clear}).
     * Without a display, a fresh table each time.
     */
    static ResultsTable append(String title, List<MeasurementRow> rows, boolean clear) {
        ResultsTable rt = IjUi.headless() || clear ? null : ResultsTable.getResultsTable(title);
        if (rt == null) rt = new ResultsTable();
        for (MeasurementRow r : rows) {
            rt.incrementCounter();
            for (ResultColumns.Column c : ResultColumns.ALL) {
                if (c.text()) rt.addValue(c.name(), c.string(r).replace(',', ';'));
                else rt.addValue(c.name(), c.number(r));
            }
        }
        for (ResultColumns.Column c : ResultColumns.ALL) {
            int i = rt.getColumnIndex(c.name());
            if (!c.text() && i != ResultsTable.COLUMN_NOT_FOUND) rt.setDecimalPlaces(i, c.significant() ? ResultsTable.AUTO_FORMAT : c.digits());
        }
        return rt;
    }
}
