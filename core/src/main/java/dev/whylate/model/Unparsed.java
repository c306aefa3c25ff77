package dev.whylate.model;

/**
 * Input the reader could not turn into an event.
 *
 * @param line 1-based line number for text inputs, or the byte offset for binary inputs
 * @param reason why it was not an event, in a few words
 * @param text the offending text (truncated to 200 characters), or a hex excerpt
 */
public record Unparsed(long line, String reason, String text) {
    /** Builds one, cutting {@code text} to 200 characters. */
    public static Unparsed of(final long line, final String reason, final String text) {
        final String t = text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return new Unparsed(line, reason, t);
    }
}
