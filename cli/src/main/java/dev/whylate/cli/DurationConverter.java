package dev.whylate.cli;

import dev.whylate.util.Durations;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Parses a positive duration with a unit for picocli options: {@code 500ms}, {@code 2s}, {@code 1.5s},
 * {@code 1m}, {@code 250us}, {@code 1h} (through {@link Durations}). A bare number is refused, because
 * {@link Durations} reads it as ns, which is never what a recording duration means.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(final String value) {
        return parse(value);
    }

    /** Parses one duration; throws {@link CommandLine.TypeConversionException} with a clear message. */
    public static Duration parse(final String value) {
        final String s = value.strip();
        if (s.matches("[0-9.]+")) {
            throw new CommandLine.TypeConversionException("'" + value + "' needs a unit (examples: 500ms, 2s, 1.5s, 1m)");
        }
        final long ns;
        try {
            ns = Durations.parse(s);
        } catch (final IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (examples: 500ms, 2s, 1.5s, 1m)");
        }
        if (ns <= 0) throw new CommandLine.TypeConversionException("duration must be positive: '" + value + "'");
        return Duration.ofNanos(ns);
    }
}
