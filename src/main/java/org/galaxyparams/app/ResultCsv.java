package org.galaxyparams.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Appends result rows to a CSV in {@link ResultColumns}' schema, writing the header when the file is new or empty. */
public final class ResultCsv {
    private ResultCsv() {}

    public static void append(Path csv, List<MeasurementRow> rows) throws IOException {
        Path parent = csv.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        boolean fresh = !Files.isRegularFile(csv) || Files.size(csv) == 0;
        if (!fresh) {
            String first;
            try (var lines = Files.lines(csv, StandardCharsets.UTF_8)) {
                first = lines.findFirst().orElse("");
            }
            if (!first.equals(ResultColumns.header()))
                throw new IOException(csv + " holds other columns (" + (first.length() > 60 ? first.substring(0, 60) + "..." : first)
                        + "): give a new file name; its rows are left as they are");
        }
        try (BufferedWriter w = org.galaxyparams.io.OutputFile.append(csv)) {
            if (fresh) {
                w.write(ResultColumns.header());
                w.newLine();
            }
            for (MeasurementRow r : rows) {
                w.write(ResultColumns.csvLine(r));
                w.newLine();
            }
        }
    }
}
