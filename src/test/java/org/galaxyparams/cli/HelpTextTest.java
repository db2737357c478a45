package org.galaxyparams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help renders cleanly: picocli formats descriptions, so a bare '%' in one prints a warning instead. */
class HelpTextTest {
    @Test
    void everyCommandsHelpRendersWithoutAPicocliWarning() {
        List<String> warned = new ArrayList<>();
        List<CommandLine> all = new ArrayList<>();
        collect(new CommandLine(new Main()), all);
        PrintStream err = System.err;
        for (CommandLine cl : all) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            String usage;
            try {
                usage = cl.getUsageMessage();
            } finally {
                System.setErr(err);
            }
            String stderr = captured.toString(StandardCharsets.UTF_8);
            if (stderr.contains("picocli WARN") || usage.contains("%n")) warned.add(cl.getCommandName() + ": " + stderr.strip());
            assertFalse(usage.isBlank(), cl.getCommandName());
        }
        assertEquals(List.of(), warned);
        assertFalse(all.size() < 10, "found only " + all.size() + " commands");
    }

    private static void collect(CommandLine cl, List<CommandLine> out) {
        out.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) collect(sub, out);
    }
}
