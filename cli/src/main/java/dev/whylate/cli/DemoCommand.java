package dev.whylate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code whylate demo}: the founding case on a bundled real recording of examples/pty-deadline — a requester
 * that must get a 1-byte reply over a pty within 3.5 ms while CPU hogs run — through {@code whylate cycles}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Explains the misses of a bundled real recording of examples/pty-deadline (the founding case).")
public final class DemoCommand implements Callable<Integer> {
    static final String START = "sys_enter_write: comm == \"requester\" && count == 7";
    static final String END = "sys_exit_read: ret > 0";

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the cycles JSON instead of text.")
    boolean json;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "3", description = "Misses to print (default 3).")
    int maxRows;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut();
        final Path trace = extract("demo/trace.txt.zst", ".txt.zst");
        try {
            if (!json) {
                out.println("whylate demo: examples/pty-deadline, recorded on this kind of machine under CPU load.");
                out.println("A requester writes a 7-byte request to a pty and polls for the 1-byte reply, which must come");
                out.println("within 3.5 ms; a device process on the other side replies after ~1 ms. Both directions pass");
                out.println("through the tty flip-buffer work item (flush_to_ldisc) run by a kworker.");
                final String own = programSummary();
                if (own != null) out.println("The program's own clock said: " + own);
                out.println();
                out.println("$ whylate cycles TRACE --start '" + START + "' \\");
                out.println("      --end '" + END + "' --deadline 3.5ms --max-rows " + maxRows);
                out.println();
                out.flush();
            }
            final CommandLine sub = spec.root().commandLine().getSubcommands().get("cycles");
            final java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(trace.toString(), "--start", START, "--end", END,
                "--deadline", "3.5ms", "--max-rows", Integer.toString(maxRows)));
            if (json) args.add("--json");
            return sub.execute(args.toArray(new String[0]));
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    private static Path extract(final String resource, final String suffix) throws IOException {
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IOException("the demo recording is missing from this build (" + resource + ")");
            final Path p = Files.createTempFile("whylate-demo-", suffix);
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
            return p;
        }
    }

    private static String programSummary() throws IOException {
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream("demo/program.out")) {
            if (in == null) return null;
            final String[] lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n");
            for (final String l : lines) {
                if (l.startsWith("summary ")) {
                    final String[] f = l.split(" ");
                    return f[2] + " cycles, " + f[4] + " over the deadline";
                }
            }
            return null;
        }
    }
}
