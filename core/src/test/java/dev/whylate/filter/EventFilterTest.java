package dev.whylate.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whylate.model.EventStore;
import dev.whylate.model.FieldCursor;
import dev.whylate.model.Trace;
import dev.whylate.testing.TinyTraces;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    private static final Trace T = TinyTraces.parse("""
        frobnicator-100 [001] ..... 1.000000: syscalls:sys_enter_write: fd=7 buf=0x55 count=7
        frobnicator-100 [001] ..... 1.000010: syscalls:sys_exit_read: ret=0
        frobnicator-100 [001] ..... 1.000020: syscalls:sys_exit_read: ret=1
        bash-200        [000] ..... 1.000030: syscalls:sys_enter_write: fd=1 buf=0x66 count=12
        kworker/1:2-77  [001] ..... 1.000040: workqueue_execute_start: work=ff function=flush_to_ldisc
        kworker/0:1-78  [000] ..... 1.000050: workqueue_execute_start: work=fe function=vmstat_update
        """);

    /** Indices of events matching {@code spec}. */
    private static List<Integer> match(final String spec) throws FilterException {
        final EventFilter f = EventFilter.parse(spec, T.events().types());
        final EventStore s = T.events();
        final FieldCursor c = s.cursor();
        final List<Integer> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) if (f.matches(s, i, c.load(i), T.tasks())) out.add(i);
        return out;
    }

    @Test
    void eventNamesWithOrWithoutSubsystem() throws FilterException {
        assertThat(match("sys_enter_write")).containsExactly(0, 3);
        assertThat(match("syscalls:sys_enter_write")).containsExactly(0, 3);
        assertThat(match("syscalls/sys_enter_write")).containsExactly(0, 3);
        assertThat(match("syscalls:sys_enter_write: count == 7")).containsExactly(0);
    }

    @Test
    void comparisonsAndBooleans() throws FilterException {
        assertThat(match("sys_enter_write: comm == \"frobnicator\" && count == 7")).containsExactly(0);
        assertThat(match("sys_enter_write: comm == frobnicator || count > 10")).containsExactly(0, 3);
        assertThat(match("sys_enter_write: !(count < 10)")).containsExactly(3);
        assertThat(match("sys_exit_read: ret > 0")).containsExactly(2);
        assertThat(match("sys_exit_read: ret >= 0")).containsExactly(1, 2);
        assertThat(match("sys_exit_read: ret != 0")).containsExactly(2);
        assertThat(match("sys_enter_write: count & 4")).containsExactly(0, 3);
        assertThat(match("sys_enter_write: count & 8")).containsExactly(3);
        assertThat(match("sys_enter_write: buf == 0x66")).containsExactly(3);
    }

    @Test
    void pseudoFieldsAndGlobs() throws FilterException {
        assertThat(match("workqueue_execute_start: function ~ \"flush_*\"")).containsExactly(4);
        assertThat(match("workqueue_execute_start: comm ~ kworker/1:*")).containsExactly(4);
        assertThat(match("workqueue_execute_start: cpu == 0")).containsExactly(5);
        assertThat(match("workqueue_execute_start: tid == 78 || common_pid == 77")).containsExactly(4, 5);
        assertThat(match("sys_enter_write: pid == 200")).containsExactly(3);
        // a field the event does not have: == is false, != is true
        assertThat(match("sys_exit_read: nosuch == 1")).isEmpty();
        assertThat(match("sys_exit_read: nosuch != 1")).containsExactly(1, 2);
    }

    @Test
    void errorsPointAtTheOffendingCharacter() {
        assertThatThrownBy(() -> match("sys_enter_write: count = 7")).isInstanceOf(FilterException.class)
            .hasMessageContaining("operator").satisfies(e -> assertThat(((FilterException) e).position()).isEqualTo(23));
        assertThatThrownBy(() -> match("sys_enter_write: (count == 7")).isInstanceOf(FilterException.class)
            .hasMessageContaining("')'");
        assertThatThrownBy(() -> match("sys_enter_write: count < abc")).isInstanceOf(FilterException.class)
            .hasMessageContaining("needs a number").satisfies(e -> assertThat(((FilterException) e).position()).isEqualTo(25));
        assertThatThrownBy(() -> match("sys_enter_wrte: count == 7")).isInstanceOf(FilterException.class)
            .hasMessageContaining("no event 'sys_enter_wrte'").hasMessageContaining("sys_enter_write");
        assertThatThrownBy(() -> match("sys_enter_write: comm == \"x")).isInstanceOf(FilterException.class)
            .hasMessageContaining("unterminated");
        assertThatThrownBy(() -> match("sys_enter_write: count == 7 )")).isInstanceOf(FilterException.class)
            .hasMessageContaining("unexpected ')'");
    }

    /** A misspelt field would silently match nothing: checkFields names it, at its column, with the event's fields. */
    @Test
    void unknownFieldsAreErrorsWhenChecked() throws FilterException {
        final EventFilter ok = EventFilter.parse("sys_enter_write: count == 7 && comm == x && cpu == 1 && !(fd == 3)", T.events().types());
        ok.checkFields(T.events());
        final EventFilter typo = EventFilter.parse("sys_exit_read: ret > 0 || rett > 0", T.events().types());
        assertThatThrownBy(() -> typo.checkFields(T.events())).isInstanceOf(FilterException.class)
            .hasMessageContaining("'rett' is not a field of this event (its fields: ret;")
            .satisfies(e -> assertThat(((FilterException) e).position()).isEqualTo(26));
        // a value that is no number on a field that only holds numbers
        final EventFilter paren = EventFilter.parse("sys_enter_write: count == (7", T.events().types());
        assertThatThrownBy(() -> paren.checkFields(T.events())).isInstanceOf(FilterException.class)
            .hasMessageContaining("'count' holds numbers: '(7' is not one");
        EventFilter.parse("workqueue_execute_start: function == flush_to_ldisc", T.events().types()).checkFields(T.events());
        // as before, unchecked: a comparison on a missing field is false
        assertThat(match("sys_exit_read: rett > 0")).isEmpty();
        // against a format file's field list (watch)
        assertThatThrownBy(() -> typo.checkFields(java.util.Set.of("__syscall_nr", "ret"))).isInstanceOf(FilterException.class);
        EventFilter.parse("sys_exit_read: __syscall_nr == 0", T.events().types()).checkFields(java.util.Set.of("__syscall_nr", "ret"));
    }

    @Test
    void pointerRendersACaret() {
        final FilterException e = new FilterException("x", "abc: d = 1", 7);
        assertThat(e.pointer()).isEqualTo("abc: d = 1\n       ^");
    }
}
