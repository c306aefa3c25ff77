package dev.whylate.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses durations such as {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m}, {@code 250us}, {@code 1h};
 * a bare number means seconds.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern P = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|min|h)?");

    @Override
    public Duration convert(final String value) {
        return parse(value);
    }

    /** Parses one duration; throws {@link CommandLine.TypeConversionException} with a clear message. */
    public static Duration parse(final String value) {
        final Matcher m = P.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (examples: 500ms, 2s, 1.5s, 1m)");
        }
        final double n = Double.parseDouble(m.group(1));
        final String unit = m.group(2) == null ? "s" : m.group(2);
        final double ns = switch (unit) {
            case "ns" -> n;
            case "us", "µs" -> n * 1e3;
            case "ms" -> n * 1e6;
            case "s" -> n * 1e9;
            case "m", "min" -> n * 60e9;
            case "h" -> n * 3600e9;
            default -> throw new CommandLine.TypeConversionException("unknown unit in '" + value + "'");
        };
        if (ns < 1 || ns > 1e18) throw new CommandLine.TypeConversionException("duration out of range: '" + value + "'");
        return Duration.ofNanos(Math.round(ns));
    }
}
