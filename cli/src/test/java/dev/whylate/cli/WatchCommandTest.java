package dev.whylate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code whylate watch} option errors: exit 2 with one clear line, nothing left in tracefs. */
class WatchCommandTest {
    @Test
    void badOptionsExitTwo() {
        final TopCommandTest.Run dl = TopCommandTest.run("watch", "--start", "sys_enter_write", "--end", "sys_exit_read", "--deadline", "soon");
        assertThat(dl.rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(dl.err()).startsWith("whylate: --deadline");
        assertThat(TopCommandTest.run("watch", "--start", "sys_enter_write").rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(TopCommandTest.run("watch", "--start", "a", "--end", "b", "--interval", "1ms").rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(TopCommandTest.run("watch", "--start", "a", "--end", "b", "--metrics-port", "70000").rc()).isEqualTo(Main.BAD_INPUT);
    }

    @Test
    void unknownEventsAndBadFiltersExitTwoWithoutAnInstance() throws Exception {
        final TopCommandTest.Run r = TopCommandTest.run("watch", "--start", "no_such_event_q: x == 1", "--end", "sys_exit_read");
        assertThat(r.rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).startsWith("whylate: ").hasLineCount(1);
        assertThat(r.err()).containsAnyOf("no trace event 'no_such_event_q'", "needs tracefs");
        final TopCommandTest.Run f = TopCommandTest.run("watch", "--start", "sys_enter_write: count ==", "--end", "sys_exit_read");
        assertThat(f.rc()).isEqualTo(Main.BAD_INPUT);
        assertThat(f.err()).startsWith("whylate: ");
        try (var names = Files.list(Path.of("/sys/kernel/tracing/instances"))) {
            final String mine = "whylate-" + ProcessHandle.current().pid() + "-";
            assertThat(names.map(n -> n.getFileName().toString())).noneMatch(n -> n.startsWith(mine) && n.endsWith("-watch"));
        } catch (java.nio.file.NoSuchFileException e) {
            // no tracefs here: nothing could be left
        }
    }
}
