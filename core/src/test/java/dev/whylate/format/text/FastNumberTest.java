package dev.whylate.format.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.EventStore;
import dev.whylate.model.Fields;
import dev.whylate.model.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code PayloadDecoder.number} of text traces answers exactly what a full decode answers. */
class FastNumberTest {
    private static final String[] FIELDS = {"vec", "irq", "vector", "pages", "reason", "ret", "pid", "nothing"};

    @TempDir
    Path tmp;

    private static int check(final String file) throws Exception {
        final Trace t = Traces.read(file, ReadOptions.defaults());
        final EventStore s = t.events();
        final Fields full = new Fields();
        final Fields scratch = new Fields();
        int compared = 0;
        for (int i = 0; i < s.size(); i++) {
            s.decoder().decode(s, i, full);
            for (final String f : FIELDS) {
                final long want = full.getLong(f, -7);
                final long got = s.decoder().number(s, i, f, -7, scratch);
                assertThat(got).as("%s %s of event %d (%s: %s)", file, f, i, s.typeName(i), s.decoder().text(s, i)).isEqualTo(want);
                if (want != -7) compared++;
            }
        }
        return compared;
    }

    @Test
    void realTextTraces() throws Exception {
        assertThat(check("../testdata/generated/ftrace_6.18_default_head2000.txt")).isGreaterThan(1000);
        assertThat(check("../testdata/generated/ftrace_6.18_record-tgid_head400.txt")).isPositive();
        assertThat(check("../testdata/generated/trace-cmd-3.1.6_report_default.txt")).isPositive();
        assertThat(check("../testdata/generated/trace-cmd-3.1.6_report_-R.txt")).isPositive();
    }

    @Test
    void oddLines() throws Exception {
        final Path f = tmp.resolve("odd.txt");
        Files.writeString(f, """
            # tracer: nop
            #
                      <idle>-0       [000] d.h1.   100.000001: softirq_raise: vec=3x [action=NET_RX]
                      <idle>-0       [000] d.h1.   100.000002: softirq_raise: vec=-3 [action=NET_RX]
                      <idle>-0       [000] d.h1.   100.000003: softirq_raise: xvec=3 vec=4
                      <idle>-0       [000] d.h1.   100.000004: irq_handler_entry: irq=12345678901234567890 name=x
                      <idle>-0       [000] d.h1.   100.000005: tlb_flush: pages:-1 reason:flush on task switch (0)
                      <idle>-0       [000] d.h1.   100.000006: tlb_flush: pages:4 reason:remote shootdown
                      <idle>-0       [000] d.h1.   100.000007: tlb_flush: pages=3 reason=1
                      <idle>-0       [000] d.h1.   100.000008: local_timer_entry: vector=236
                      <idle>-0       [000] d.h1.   100.000009: local_timer_exit: vector=
                      <idle>-0       [000] d.h1.   100.000010: tlb_flush: pages:x reason:(7)
            """);
        check(f.toString());
    }
}
