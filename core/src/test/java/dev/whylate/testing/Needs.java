package dev.whylate.testing;

import dev.whylate.record.RecordException;
import dev.whylate.record.Tracefs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine, checked with JUnit assumptions: a test whose needs are not met is skipped with a
 * message saying what is missing, never silently passed.
 *
 * <pre>{@code
 * Tracefs fs = Needs.tracefs();        // root and tracefs (mounted if it is not, as whylate record does)
 * Needs.tools("trace-cmd", "gcc");     // executables on the PATH
 * }</pre>
 */
public final class Needs {
    private Needs() {}

    /** Root and a tracefs with instances (mounted at /sys/kernel/tracing when it is not); returns it. */
    public static Tracefs tracefs() {
        Assumptions.assumeTrue(Tracefs.isRoot(), "needs root (tracefs instances and events can only be changed by root)");
        try {
            return Tracefs.locate();
        } catch (RecordException e) {
            return Assumptions.abort("needs tracefs: " + e.getMessage());
        }
    }

    /** Each of {@code tools} as an executable on the PATH. */
    public static void tools(final String... tools) {
        for (final String t : tools) Assumptions.assumeTrue(onPath(t), "needs " + t + " on the PATH");
    }

    /** Whether an executable called {@code tool} is in a directory of the PATH. */
    public static boolean onPath(final String tool) {
        final String path = System.getenv("PATH");
        if (path == null) return false;
        for (final String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }
}
