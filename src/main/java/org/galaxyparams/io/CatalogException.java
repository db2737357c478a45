package org.galaxyparams.io;

/** A problem in a parameter catalog; the message names the file, the line and (when there is one) the column. */
public class CatalogException extends IllegalArgumentException {
    private final String source;
    private final int lineNumber;
    private final String column;

    /**
     * @param source the file as the user named it
     * @param lineNumber 1-based line
     * @param column column name, or null when the problem is not about one column
     * @param problem what is wrong and, where useful, how to fix it
     */
    public CatalogException(String source, int lineNumber, String column, String problem) {
        super(source + " line " + lineNumber + (column == null ? "" : ", column " + column) + ": " + problem);
        this.source = source;
        this.lineNumber = lineNumber;
        this.column = column;
    }

    public String source() { return source; }

    public int lineNumber() { return lineNumber; }

    /** The column at fault, or null. */
    public String column() { return column; }
}
