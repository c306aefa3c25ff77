package dev.whylate.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Byte copying that works on pseudo-files. {@code InputStream.transferTo} may hand the copy to the kernel
 * (copy_file_range/sendfile) on newer JDKs, and tracefs, procfs and sysfs files answer that with 0 bytes, which
 * looks like an empty file; this copies through a buffer.
 */
public final class Streams {
    private Streams() {}

    /** Copies everything from {@code in} to {@code out}; returns the bytes copied. */
    public static long copy(final InputStream in, final OutputStream out) throws IOException {
        final byte[] buf = new byte[1 << 16];
        long n = 0;
        int k;
        while ((k = in.read(buf)) > 0) {
            out.write(buf, 0, k);
            n += k;
        }
        return n;
    }
}
