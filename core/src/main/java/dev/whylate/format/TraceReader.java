package dev.whylate.format;

import dev.whylate.io.Input;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.Trace;
import java.io.IOException;

/**
 * One input format. Readers are stateless; {@link #read} may use several threads.
 */
public interface TraceReader {
    /** Short format name as shown by {@code whylate stats} ({@code ftrace-text}, {@code trace.dat}, ...). */
    String name();

    /**
     * How sure this reader is, 0 (not mine) to 100 (magic bytes match), that {@code head} (the first bytes of
     * the input, up to 64 KiB) starts a file of its format.
     */
    int sniff(byte[] head);

    /**
     * Reads the whole input. Damage after some events were read is reported in {@link Trace#truncated()}
     * with the events before it kept; damage before any event throws.
     */
    Trace read(Input in, ReadOptions opts) throws IOException, TraceFormatException;
}
