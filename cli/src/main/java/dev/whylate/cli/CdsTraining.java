package dev.whylate.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The training run of the {@code ./whylate} launcher's class-data archive (AppCDS, made with
 * {@code -XX:ArchiveClassesAtExit}): runs the analysis commands on the small traces given (the bundled
 * examples), output discarded, then loads every whylate and library class of the jar without initialising
 * it, so that the archive holds what any later command loads. Not a user command; prints nothing.
 *
 * <pre>java -XX:ArchiveClassesAtExit=whylate.jsa -cp whylate.jar dev.whylate.cli.CdsTraining TRACE...</pre>
 */
public final class CdsTraining {
    private CdsTraining() {}

    /** Runs the training on the traces in {@code args}; exit code 0 unless the JVM fails. */
    public static void main(final String[] args) {
        final PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
        for (final String trace : args) {
            if (!Files.isRegularFile(Path.of(trace))) continue;
            for (final String[] cmd : new String[][] {
                {"stats", trace}, {"irq", trace}, {"sched", trace}, {"sched", trace, "--json"},
                {"cycles", trace, "--start", "sys_enter_write: count == 7", "--end", "sys_exit_read: ret > 0", "--deadline", "3.5ms"},
                {"cycles", trace, "--start", "sched_waking", "--end", "sched_switch", "--deadline", "1ms", "--any-thread"}}) {
                try {
                    Main.commandLine(sink, sink).execute(cmd);
                } catch (RuntimeException | Error e) {
                    // training only: a command that fails here still loaded its classes
                }
            }
        }
        loadAll();
    }

    /** Loads (without initialising) every class of the jar this class came from. */
    private static void loadAll() {
        final ClassLoader cl = CdsTraining.class.getClassLoader();
        try {
            final Path jar = Path.of(CdsTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) return;
            try (JarFile jf = new JarFile(jar.toFile())) {
                final Enumeration<JarEntry> en = jf.entries();
                while (en.hasMoreElements()) {
                    final String n = en.nextElement().getName();
                    if (!n.endsWith(".class") || n.startsWith("META-INF/") || n.endsWith("module-info.class")) continue;
                    try {
                        Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, cl);
                    } catch (ClassNotFoundException | LinkageError e) {
                        // optional dependencies of libraries: not needed at run time either
                    }
                }
            }
        } catch (IOException | URISyntaxException | SecurityException e) {
            // no jar (running from classes): nothing more to load
        }
    }
}
