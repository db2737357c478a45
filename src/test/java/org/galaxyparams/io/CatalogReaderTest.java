package org.galaxyparams.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.galaxyparams.sim.GalaxyParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogReaderTest {
    private static final String HEADER = "flux,sersic_n,hlr,g1,g2,psf_fwhm";

    @TempDir
    Path dir;

    private static List<CatalogRow> parse(String text) throws IOException {
        return CatalogReader.parse(new BufferedReader(new StringReader(text)), "params.csv");
    }

    @Test
    void readsAFileWithCommentsBlanksAnyOrderAndOptionalColumns() throws IOException {
        Path f = dir.resolve("params.csv");
        Files.writeString(f, "\uFEFF# my catalog\n"
                + " Seed , PSF_FWHM,g2,g1,HLR,Sersic_N,FLUX ,sigma\r\n"
                + "\n"
                + "12, 0.7, 0.15, -0.069, 0.3, 3, 1e5, 400\n"
                + "# a comment\n"
                + "  , 0.5, 0, 0, 0.6, 0.5, \"2.5E4\",  \n");
        List<CatalogRow> rows = CatalogReader.read(f);
        assertEquals(2, rows.size());
        CatalogRow a = rows.get(0);
        assertEquals(GalaxyParams.STUDY_TEST_GALAXY, a.params());
        assertEquals(0.7, a.psfFwhm());
        assertEquals(400, a.sigma());
        assertEquals(12L, a.seed());
        assertEquals(4, a.lineNumber());
        CatalogRow b = rows.get(1);
        assertEquals(new GalaxyParams(2.5e4, 0.5, 0.6, 0, 0), b.params());
        assertTrue(Double.isNaN(b.sigma()));
        assertNull(b.seed());
        assertEquals(6, b.lineNumber());
    }

    @Test
    void bytesThatAreNotUtf8AreNamedWithTheirLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws IOException {
        java.nio.file.Path f = tmp.resolve("latin1.csv");
        byte[] head = "flux,sersic_n,hlr,g1,g2,psf_fwhm\n1e5,2,0.3,0,0,0.6\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] bad = {'#', ' ', 'c', 'a', 'f', (byte) 0xe9, '\n'};
        byte[] all = java.util.Arrays.copyOf(head, head.length + bad.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        java.nio.file.Files.write(f, all);
        CatalogException e = assertThrows(CatalogException.class, () -> CatalogReader.read(f));
        assertTrue(e.getMessage().contains("latin1.csv line 3: byte 0xe9 is not UTF-8 text"), e.getMessage());
    }

    @Test
    void optionalColumnsMayBeAbsent() throws IOException {
        List<CatalogRow> rows = parse(HEADER + "\n0,6.2,0.1,0.5,-0.5,0.9\n");
        assertTrue(Double.isNaN(rows.get(0).sigma()));
        assertNull(rows.get(0).seed());
        assertEquals(6.2, rows.get(0).params().sersicN());
    }

    @Test
    void theExampleMessage() {
        CatalogException e = assertThrows(CatalogException.class,
                () -> parse(HEADER + "\n#\n1e5,3,0.3,0,0,0.7\n\n\n\n1e5,7.5,0.3,0,0,0.7\n"));
        assertEquals("params.csv line 7, column sersic_n: 7.5 is outside 0.3-6.2", e.getMessage());
        assertEquals(7, e.lineNumber());
        assertEquals("sersic_n", e.column());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "non-numeric flux      | abc,3,0.3,0,0,0.7          | flux     | abc is not a number",
            "java float suffix     | 1e5f,3,0.3,0,0,0.7         | flux     | not a number",
            "NaN                   | NaN,3,0.3,0,0,0.7          | flux     | not a number",
            "overflow              | 1e999,3,0.3,0,0,0.7        | flux     | too large",
            "negative flux         | -1,3,0.3,0,0,0.7           | flux     | negative",
            "n too small           | 1e5,0.2,0.3,0,0,0.7        | sersic_n | outside 0.3-6.2",
            "hlr zero              | 1e5,3,0,0,0,0.7            | hlr      | must be > 0",
            "shear too large       | 1e5,3,0.3,0.8,0.6,0.7      | g1,g2    | must be < 1",
            "psf fwhm negative     | 1e5,3,0.3,0,0,-0.7         | psf_fwhm | must be > 0",
            "missing value         | 1e5,3,,0,0,0.7             | hlr      | missing",
            "too few fields        | 1e5,3,0.3,0,0              | psf_fwhm | 5 fields but the header (line 1) names 6",
            "too many fields       | 1e5,3,0.3,0,0,0.7,9        | ''       | 7 fields",
    })
    void badRowsNameLineAndColumn(String what, String row, String column, String problem) {
        CatalogException e = assertThrows(CatalogException.class, () -> parse(HEADER + "\n" + row + "\n"));
        assertTrue(e.getMessage().startsWith("params.csv line 2"), e.getMessage());
        if (!column.isEmpty()) assertTrue(e.getMessage().contains("column " + column + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(2, e.lineNumber());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative sigma | flux,sersic_n,hlr,g1,g2,psf_fwhm,sigma | 1e5,3,0.3,0,0,0.7,-1  | sigma | negative",
            "bad seed       | flux,sersic_n,hlr,g1,g2,psf_fwhm,seed  | 1e5,3,0.3,0,0,0.7,4.5 | seed  | not an integer",
    })
    void badOptionalValues(String what, String header, String row, String column, String problem) {
        CatalogException e = assertThrows(CatalogException.class, () -> parse(header + "\n" + row + "\n"));
        assertTrue(e.getMessage().startsWith("params.csv line 2, column " + column + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing column | flux,sersic_n,hlr,g1,g2               | psf_fwhm | missing required column",
            "unknown column | flux,sersic_n,hlr,g1,g2,psf_fwhm,sigam | sigam    | unknown column",
            "duplicate      | flux,sersic_n,hlr,g1,g2,psf_fwhm,FLUX  | flux     | twice",
    })
    void badHeaders(String what, String header, String column, String problem) {
        CatalogException e = assertThrows(CatalogException.class, () -> parse("# comment\n" + header + "\n1,1,1,0,0,1,1\n"));
        assertTrue(e.getMessage().startsWith("params.csv line 2, column " + column + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void emptyCatalogs() {
        assertTrue(assertThrows(CatalogException.class, () -> parse("")).getMessage().contains("no header row"));
        assertTrue(assertThrows(CatalogException.class, () -> parse("# only\n\n" + HEADER + "\n"))
                .getMessage().contains("no rows"));
    }
}
