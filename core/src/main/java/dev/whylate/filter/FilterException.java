package dev.whylate.filter;

/** A filter that does not parse, or names an event the trace lacks. {@link #position()} is a 0-based column. */
public final class FilterException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String input;
    private final int position;

    /** @param input the filter text; @param position 0-based column of the offending character (-1 none) */
    public FilterException(final String message, final String input, final int position) {
        super(message);
        this.input = input;
        this.position = position;
    }

    /** 0-based column of the problem, or -1. */
    public int position() {
        return position;
    }

    /** The filter text with a caret under the offending character, on two lines. */
    public String pointer() {
        if (position < 0) return input;
        return input + "\n" + " ".repeat(Math.min(position, input.length())) + "^";
    }
}
