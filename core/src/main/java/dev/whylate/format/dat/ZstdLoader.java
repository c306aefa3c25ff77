package dev.whylate.format.dat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps zstd-jni's native library in the user's cache ({@code $XDG_CACHE_HOME/whylate} or
 * {@code ~/.cache/whylate}) and points zstd-jni at it ({@code ZstdNativePath}), so a run does not unpack the
 * 900 KB library into a temp file again (which cost 40–140 ms per run here). Anything unusual (not Linux, no
 * library for this architecture, cache not writable, the property already set) leaves zstd-jni's own loading
 * alone.
 */
final class ZstdLoader {
    private static boolean done;

    private ZstdLoader() {}

    /** Call before the first use of zstd-jni. */
    static synchronized void prepare() {
        if (done) return;
        done = true;
        try {
            if (System.getProperty("ZstdNativePath") != null) return;
            if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) return;
            // ZstdVersion.VERSION is a compile-time constant: reading it does not load the native library
            final String lib = "libzstd-jni-" + com.github.luben.zstd.util.ZstdVersion.VERSION + ".so";
            final String res = "linux/" + System.getProperty("os.arch", "") + "/" + lib;
            final ClassLoader cl = ZstdLoader.class.getClassLoader();
            if (cl == null || cl.getResource(res) == null) return;
            final String xdg = System.getenv("XDG_CACHE_HOME");
            final String home = System.getProperty("user.home");
            final Path dir = xdg != null && !xdg.isBlank() ? Path.of(xdg, "whylate") : home == null ? null : Path.of(home, ".cache", "whylate");
            if (dir == null) return;
            final Path f = dir.resolve(lib);
            if (!Files.isRegularFile(f) || Files.size(f) == 0) {
                Files.createDirectories(dir);
                final Path tmp = Files.createTempFile(dir, lib, ".part");
                try (InputStream in = cl.getResourceAsStream(res)) {
                    if (in == null) return;
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            System.setProperty("ZstdNativePath", f.toString());
        } catch (IOException | RuntimeException e) {
            // zstd-jni loads its library the usual way
        }
    }
}
