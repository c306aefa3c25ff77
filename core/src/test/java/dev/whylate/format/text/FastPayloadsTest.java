package dev.whylate.format.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.EventStore;
import dev.whylate.model.Fields;
import dev.whylate.model.PayloadDecoder;
import dev.whylate.model.Trace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link FastPayloads} must give exactly what {@link TextPayloads#decode} gives whenever it accepts a payload:
 * on hand-written edge cases, on seeded random mutations of real payloads, and through the decoders'
 * {@code numbers}/{@code numbersAndTexts} on every scheduler event of every text trace in testdata and examples.
 */
class FastPayloadsTest {
    private static final long D = Long.MIN_VALUE + 99;
    private static final String[] NAMES = {"prev_comm", "prev_pid", "prev_prio", "prev_state", "next_comm", "next_pid",
        "next_prio", "comm", "pid", "prio", "target_cpu", "success", "runtime", "vruntime", "orig_cpu", "dest_cpu", "ns",
        "hrtimer", "function", "expires", "softexpires", "now", "mode", "no_such"};

    /** Parses with both; returns whether the fast path accepted it (then everything must agree). */
    private static boolean same(final String event, final String payload) {
        final byte[] b = (" " + payload + " ").getBytes(StandardCharsets.UTF_8);
        final Fields f = new Fields();
        TextPayloads.decode(event, b, 1, b.length - 2, f);
        final FastPayloads.Row r = new FastPayloads.Row();
        if (!FastPayloads.parse(event, b, 1, b.length - 2, r)) return false;
        final Set<String> names = new LinkedHashSet<>(List.of(NAMES));
        for (int k = 0; k < f.size(); k++) names.add(f.name(k));
        for (final String n : names) {
            assertThat(r.getLong(n, D)).as("%s %s: %s", event, payload, n).isEqualTo(f.getLong(n, D));
            if (r.hasText(n)) assertThat(r.getString(n)).as("%s %s: %s text", event, payload, n).isEqualTo(f.getString(n));
        }
        return true;
    }

    @Test
    void kernelFormsAreAccepted() {
        assertThat(same("sched_switch", "prev_comm=bash prev_pid=4163 prev_prio=120 prev_state=S ==> next_comm=seq next_pid=4165 next_prio=120")).isTrue();
        assertThat(same("sched_switch", "prev_comm=Web Content prev_pid=1 prev_prio=120 prev_state=R+ ==> next_comm=a b=c next_pid=2 next_prio=-1")).isTrue();
        assertThat(same("sched_switch", "prev_comm=x prev_pid=1 prev_prio=120 prev_state=1 ==> next_comm=y next_pid=2 next_prio=120")).isTrue();
        assertThat(same("sched_switch", "prev_comm=x prev_pid=1 prev_prio=120 prev_state=Q ==> next_comm=y next_pid=2 next_prio=120")).isTrue();
        assertThat(same("sched_switch", "prev_comm= prev_pid=0 prev_prio=120 prev_state= ==> next_comm= next_pid=0 next_prio=120")).isTrue();
        assertThat(same("sched_switch", "prev_comm=x prev_pid=1 prev_prio=120 prev_state=D|K ==> next_comm=process reaper  next_pid=2 next_prio=120")).isTrue();
        assertThat(same("sched_waking", "comm=kworker/0:1 pid=12 prio=120 target_cpu=001")).isTrue();
        assertThat(same("sched_wakeup", "comm=a pid=1 prio=120 success=1 target_cpu=000")).isTrue();
        assertThat(same("sched_stat_runtime", "comm=stress-ng pid=9 runtime=1000 [ns] vruntime=77 [ns]")).isTrue();
        assertThat(same("sched_stat_runtime", "comm=stress-ng pid=9 runtime=1000 [ns]")).isTrue();
        assertThat(same("sched_migrate_task", "comm=a pid=1 prio=120 orig_cpu=0 dest_cpu=1")).isTrue();
        assertThat(same("sched_waking", "comm=x pid=0x10 prio=0000000012 target_cpu=1")).isTrue();
        assertThat(same("hrtimer_start", "hrtimer=000000000e8d8cd6 function=tick_nohz_handler expires=6190316000000 softexpires=6190316000000 mode=ABS|PINNED|HARD")).isTrue();
        assertThat(same("hrtimer_start", "hrtimer=ffff888627c1c6f8 function=a b c expires=1 softexpires=2 mode=ABS")).isTrue();
        assertThat(same("hrtimer_expire_entry", "hrtimer=0000000096027ccc function=tick_nohz_handler now=6190312015019")).isTrue();
        assertThat(same("hrtimer_expire_entry", "hrtimer=0xffff888627c1c6f8 now=6190312015019 function=tick_nohz_handler/0x0")).isTrue();
    }

    @Test
    void otherFormsAreLeftToTheDecoder() {
        assertThat(same("sched_switch", "bash:6604 [120] S ==> bash:6607 [120]")).isFalse();
        assertThat(same("sched_switch", "prev_comm=x prev_pid=1, prev_prio=120 prev_state=S ==> next_comm=y next_pid=2 next_prio=120")).isFalse();
        assertThat(same("sched_switch", "prev_comm=x prev_pid=1 prev_prio=120 prev_state=S ==> next_comm=y next_pid=2 next_prio=120 extra=1")).isFalse();
        assertThat(same("sched_switch", "prev_comm=x prev_pid=z prev_prio=120 prev_state=S ==> next_comm=y next_pid=2 next_prio=120")).isFalse();
        assertThat(same("sched_waking", "bash:6604 [120] CPU:001")).isFalse();
        assertThat(same("sched_waking", "comm=x pid=1 prio=120 [success=1] target_cpu=1")).isFalse();
        assertThat(same("sched_waking", "comm=x pid=1 prio=hi target_cpu=1")).isFalse();
        assertThat(same("sched_waking", "comm=x pid=1 prio=120 target_cpu=1 note: x")).isFalse();
        assertThat(same("hrtimer_start", "hrtimer=1, function=f expires=1")).isFalse();
        assertThat(same("hrtimer_start", "[hrtimer=1] function=f")).isFalse();
        assertThat(same("hrtimer_expire_entry", "comm=x pid=1")).isFalse();
    }

    /** Random damage to real payloads: wherever the fast path accepts, it agrees with the decoder. */
    @Test
    void mutationsAgreeSeed7331() {
        final Random rnd = new Random(7331);
        final String[][] seeds = {
            {"sched_switch", "prev_comm=bash prev_pid=4163 prev_prio=120 prev_state=S ==> next_comm=seq next_pid=4165 next_prio=120"},
            {"sched_waking", "comm=kworker/0:1 pid=12 prio=120 target_cpu=001"},
            {"sched_stat_runtime", "comm=stress-ng pid=9 runtime=1000 [ns] vruntime=77 [ns]"},
            {"sched_migrate_task", "comm=a pid=1 prio=120 orig_cpu=0 dest_cpu=1"},
            {"hrtimer_start", "hrtimer=000000000e8d8cd6 function=tick_nohz_handler expires=6190316000000 softexpires=6190316000000 mode=ABS|PINNED|HARD"},
            {"hrtimer_expire_entry", "hrtimer=0000000096027ccc function=tick_nohz_handler now=6190312015019"}};
        final String alphabet = " =,[]:-0x9aZ_>|+";
        int accepted = 0;
        for (int round = 0; round < 40_000; round++) {
            final String[] s = seeds[rnd.nextInt(seeds.length)];
            final StringBuilder p = new StringBuilder(s[1]);
            final int edits = 1 + rnd.nextInt(3);
            for (int k = 0; k < edits; k++) {
                final int at = rnd.nextInt(p.length() + 1);
                switch (rnd.nextInt(3)) {
                    case 0: p.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length()))); break;
                    case 1: if (at < p.length()) p.deleteCharAt(at); break;
                    default: if (at < p.length()) p.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
            }
            if (same(s[0], p.toString())) accepted++;
        }
        assertThat(accepted).as("some mutations are still plain kernel forms").isGreaterThan(1000);
    }

    static List<Path> textTraces() throws IOException {
        final List<Path> out = new ArrayList<>();
        for (final Path root : List.of(Path.of("../testdata"), Path.of("../examples"))) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile).filter(p -> {
                    final String n = p.getFileName().toString();
                    return !n.endsWith(".dat") && !n.endsWith(".scap") && !n.startsWith("LICENSE") && !n.equals("README.md")
                        && !n.endsWith(".c") && !n.endsWith(".sh") && !n.endsWith(".out") && !p.toString().contains("/proc/");
                }).sorted().forEach(out::add);
            }
        }
        // big local recordings to check as well (not in the repository): -Dwhylate.extraTraces=a.txt:b.txt
        final String extra = System.getProperty("whylate.extraTraces", "");
        for (final String x : extra.split(":")) if (!x.isBlank()) out.add(Path.of(x));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> decodersAgreeOnEveryTrace() throws IOException {
        return textTraces().stream().map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
            final Trace t;
            try {
                t = Traces.read(p.toString(), ReadOptions.defaults());
            } catch (Exception e) {
                return; // not a trace (or another engineer's format): nothing to compare
            }
            final EventStore s = t.events();
            final PayloadDecoder dec = s.decoder();
            final Fields f = new Fields();
            final Fields scratch = new Fields();
            final long[] dflt = new long[NAMES.length];
            java.util.Arrays.fill(dflt, D);
            final long[] want = new long[NAMES.length];
            final long[] got = new long[NAMES.length];
            final String[] wantText = new String[NAMES.length];
            final String[] gotText = new String[NAMES.length];
            final String[] comms = {"prev_comm", "next_comm", "comm", "function", "mode", "no_such"};
            final String[] wantComm = new String[comms.length];
            for (int i = 0; i < s.size(); i++) {
                final String ev = s.typeName(i);
                if (ev == null || !FastPayloads.handles(ev)) continue;
                dec.decode(s, i, f);
                for (int k = 0; k < NAMES.length; k++) want[k] = f.getLong(NAMES[k], D);
                for (int k = 0; k < comms.length; k++) wantComm[k] = f.getString(comms[k]);
                dec.numbers(s, i, NAMES, dflt, got, scratch);
                assertThat(got).as("%s event %d %s", p, i, ev).containsExactly(want);
                java.util.Arrays.fill(got, 0);
                dec.numbersAndTexts(s, i, NAMES, dflt, got, comms, gotText, scratch);
                assertThat(got).as("%s event %d %s", p, i, ev).containsExactly(want);
                assertThat(java.util.Arrays.copyOf(gotText, comms.length)).as("%s event %d %s", p, i, ev).containsExactly(wantComm);
            }
        }));
    }
}
