package dev.whylate.record;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with fixed-order number writers, for building trace.dat sections in memory. */
final class ByteSink {
    private final ByteOrder order;
    private byte[] buf;
    private int size;

    ByteSink(final ByteOrder order, final int initial) {
        this.order = order;
        this.buf = new byte[Math.max(16, initial)];
    }

    private void room(final int n) {
        if (size + n > buf.length) {
            final long want = Math.max((long) buf.length * 2, (long) size + n);
            if (want > Integer.MAX_VALUE - 16) throw new IllegalStateException("section larger than 2 GiB");
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    ByteSink u8(final int v) {
        room(1);
        buf[size++] = (byte) v;
        return this;
    }

    ByteSink u16(final int v) {
        return num(v & 0xffffL, 2);
    }

    ByteSink u32(final long v) {
        return num(v & 0xffffffffL, 4);
    }

    ByteSink u64(final long v) {
        return num(v, 8);
    }

    private ByteSink num(final long v, final int n) {
        room(n);
        for (int i = 0; i < n; i++) {
            final int shift = order == ByteOrder.LITTLE_ENDIAN ? 8 * i : 8 * (n - 1 - i);
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    ByteSink bytes(final byte[] b) {
        return bytes(b, 0, b.length);
    }

    ByteSink bytes(final byte[] b, final int off, final int len) {
        room(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** The string's bytes and a terminating NUL. */
    ByteSink cstring(final String s) {
        bytes(s.getBytes(StandardCharsets.UTF_8));
        return u8(0);
    }

    /** The string's bytes without a terminator. */
    ByteSink ascii(final String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    int size() {
        return size;
    }

    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    void reset() {
        size = 0;
    }
}
