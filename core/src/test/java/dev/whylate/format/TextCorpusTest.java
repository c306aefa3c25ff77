package dev.whylate.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.model.EventStore;
import dev.whylate.model.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ftrace-style text trace in testdata parses with the right format, no unparsed lines, per-type counts
 * equal to an independent awk count (the event name is the whitespace field after the timestamp field), and
 * the same first and last timestamps as awk sees.
 */
class TextCorpusTest {
    static final Path DATA = Path.of("../testdata");

    static Stream<Arguments> corpus() {
        return Stream.of(
            Arguments.of("generated/ftrace_6.18_default_head2000.txt", "ftrace-text"),
            Arguments.of("generated/ftrace_6.18_latency-format_head30.txt", "ftrace-text"),
            Arguments.of("generated/ftrace_6.18_record-tgid_head400.txt", "ftrace-text"),
            Arguments.of("generated/trace-cmd-3.1.6_report_default.txt", "trace-cmd-report"),
            Arguments.of("generated/trace-cmd-3.1.6_report_-R.txt", "trace-cmd-report"),
            Arguments.of("generated/trace-cmd-3.1.6_report_-l.txt", "trace-cmd-report"),
            Arguments.of("generated/trace-cmd-3.1.6_report_--ts-diff.txt", "trace-cmd-report"),
            Arguments.of("public/tracecompass-incubator/ftrace_syscalls.txt", "ftrace-text"),
            Arguments.of("public/tracecompass-incubator/trace-android-sched", "ftrace-text"),
            Arguments.of("public/tracecompass-incubator/trace-android-sched-irq", "ftrace-text"),
            Arguments.of("public/tracecompass-incubator/trace-android-sched-irq-syscall", "ftrace-text"),
            Arguments.of("public/tracecompass-incubator/trace-critical-path", "ftrace-text"),
            Arguments.of("public/tracecompass-incubator/trace-func-graph", "trace-cmd-report"),
            Arguments.of("public/trappy/raw_trace.txt", "trace-cmd-report"),
            Arguments.of("public/trappy/trace_sched.txt", "trace-cmd-report"),
            Arguments.of("public/trappy/trace_idle_unsorted.txt", "trace-cmd-report"),
            Arguments.of("public/trappy/trace_surfaceflinger.html", "systrace-html"),
            Arguments.of("public/trappy/trace_systrace.html", "systrace-html"),
            Arguments.of("public/lisa/trace_txt-trace.txt", "trace-cmd-report"),
            Arguments.of("public/catapult/atrace_data", "ftrace-text"),
            Arguments.of("public/catapult/decompressed_atrace_data.txt", "ftrace-text"),
            Arguments.of("public/perfetto/bad_print.systrace", "ftrace-text"),
            Arguments.of("public/perfetto/sched_blocked_systrace.systrace", "ftrace-text"),
            Arguments.of("public/perfetto/unknown_thread_name.systrace", "ftrace-text"));
    }

    /** Other engineers' formats, binary files and /proc counter captures (live top): not this test's business. */
    private static boolean notMine(final String rel) {
        final String n = rel.substring(rel.lastIndexOf('/') + 1);
        return rel.startsWith("generated/proc/") || n.startsWith("LICENSE") || n.equals("COPYING") || n.equals("README.md") || n.endsWith(".dat") || n.endsWith(".scap")
            || n.startsWith("perf-") || n.startsWith("sysdig-");
    }

    @Test
    void corpusListCoversEveryTextTrace() throws IOException {
        final List<String> listed = corpus().map(a -> (String) a.get()[0]).toList();
        final List<String> missing = new ArrayList<>();
        try (Stream<Path> s = Files.walk(DATA)) {
            s.filter(Files::isRegularFile).map(p -> DATA.relativize(p).toString().replace('\\', '/'))
                .filter(r -> !notMine(r)).filter(r -> !listed.contains(r)).forEach(missing::add);
        }
        assertThat(missing).as("text traces in testdata not covered by this test").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void parsesWithIndependentCounts(final String rel, final String format) throws Exception {
        final Path p = DATA.resolve(rel);
        final Trace t = Traces.read(p.toString(), new ReadOptions(2));
        assertThat(t.format()).isEqualTo(format);
        assertThat(t.unparsed()).as("unparsed lines").isEmpty();
        assertThat(t.unparsedCount()).isZero();
        assertThat(t.truncated()).isNull();

        final TextCorpusTestSupport.Awk awk = TextCorpusTestSupport.awk(p, format.equals("systrace-html"));
        assertThat(awk.counts()).isNotEmpty();
        assertThat(awk.counts().keySet()).as("awk saw names it could not classify").noneMatch(n -> n.startsWith("?"));
        assertThat(TextCorpusTestSupport.byType(t.events())).isEqualTo(awk.counts());
        final EventStore s = t.events();
        assertThat(s.ts(0)).isEqualTo(TextCorpusTestSupport.toNs(awk.min()));
        assertThat(s.ts(s.size() - 1)).isEqualTo(TextCorpusTestSupport.toNs(awk.max()));
        // every event's payload decodes without trouble and has its text
        for (int i = 0; i < s.size(); i++) {
            assertThat(s.cursor().load(i).raw()).isNotNull();
        }
    }
}
