package dev.whylate.format.ftrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.io.TraceFormatException;
import dev.whylate.model.Trace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystraceHtmlReaderTest {
    @TempDir
    Path dir;

    private Trace read(final String html) throws Exception {
        final Path p = dir.resolve("t.html");
        Files.write(p, html.getBytes(StandardCharsets.UTF_8));
        return Traces.read(p.toString(), new ReadOptions(1));
    }

    @Test
    void readsEveryFtraceBlockSkipsJsonAndReportsCompressed() throws Exception {
        final Trace t = read("<!DOCTYPE html>\n<html><head><script>var x = 1;</script></head><body>\n"
            + "  <script class=\"trace-data\" type=\"application/text\">\n"
            + "# tracer: nop\n"
            + "# entries-in-buffer/entries-written: 2/2   #P:4\n"
            + "          <idle>-0     (-----) [002] d..3 514769.086339: sched_switch: prev_comm=swapper/2 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=Binder_5 next_pid=1158 next_prio=120\n"
            + "Binder_4-280   (  184) [000] d..3 514769.086417: sched_wakeup: comm=Binder_5 pid=1158 prio=120 success=1 target_cpu=002 state=W|m\n"
            + "  </script>\n"
            + "  <script class=\"trace-data\" type=\"application/text\">\n"
            + "{\"traceEvents\": [{\"ts\": 1.5, \"ph\": \"M\"}]}  </script>\n"
            + "  <script class=\"trace-data\" type=\"application/text\">\n"
            + "eJzsvQl0XNd5Jvi8KuxUzJzMzFnFz+/abcd==\n"
            + "  </script>\n"
            + "  <script class=\"trace-data\" type=\"application/text\">\n"
            + "          <idle>-0     (-----) [003] d.h3 514769.100000: irq_handler_entry: irq=5 name=eth0\\n\\\n"
            + "  </script>\n</body></html>\n");
        assertThat(t.format()).isEqualTo("systrace-html");
        assertThat(t.events().typeNames()).containsExactly("sched_switch", "sched_wakeup", "irq_handler_entry");
        assertThat(t.cpus()).isEqualTo(4);
        assertThat(t.meta()).containsEntry("html-json-blocks", "1").containsEntry("html-compressed-blocks", "1")
            .containsEntry("html-trace-blocks", "2");
        assertThat(t.tasks().tgid(280)).isEqualTo(184);
        assertThat(t.tasks().comm(1158)).isEqualTo("Binder_5");
        // the JavaScript "\n\" line end of old catapult files is not part of the payload
        assertThat(t.events().cursor().load(2).getString("name")).isEqualTo("eth0");
        assertThat(t.unparsedCount()).isEqualTo(1);
        assertThat(t.unparsed().get(0).line()).isEqualTo(12);
        assertThat(t.unparsed().get(0).reason()).contains("compressed");
    }

    @Test
    void htmlWithoutFtraceIsAClearError() throws Exception {
        final Path p = dir.resolve("j.html");
        Files.write(p, ("<html><body><script class=\"trace-data\" type=\"application/text\">{\"traceEvents\": []}</script></body></html>\n")
            .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Traces.read(p.toString())).isInstanceOf(TraceFormatException.class)
            .hasMessageContaining("HTML without ftrace text").hasMessageContaining("1 JSON");
    }

    @Test
    void surfaceflingerSampleHasOneFtraceAndOneJsonBlock() throws Exception {
        final Trace t = Traces.read("../testdata/public/trappy/trace_surfaceflinger.html", new ReadOptions(2));
        assertThat(t.meta()).containsEntry("html-json-blocks", "1").containsEntry("html-trace-blocks", "1");
        assertThat(t.cpus()).isEqualTo(8);
        // payload references point into the HTML file itself
        final var s = t.events();
        assertThat(s.decoder().text(s, 0)).isNotEmpty();
    }
}
