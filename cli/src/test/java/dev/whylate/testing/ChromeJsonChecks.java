package dev.whylate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a Chrome trace-event JSON file back and checks what ui.perfetto.dev relies on: required keys per
 * phase, µs timestamps with at most 3 decimals, per-track monotonic timestamps, properly nested complete
 * slices per track, every flow start matched by one end, both inside a slice of their track, balanced async
 * begin/end pairs, a name for every track.
 */
public final class ChromeJsonChecks {
    /** Exact decimal reading (no double rounding). */
    public static final JsonMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final Set<String> PHASES = Set.of("X", "M", "s", "f", "b", "e");

    private ChromeJsonChecks() {}

    /** ns from a µs timestamp node; fails unless it is an exact multiple of 1 ns. */
    public static long ns(final JsonNode ts) {
        final BigDecimal us = ts.decimalValue();
        assertThat(us.scale()).as("at most 3 decimals: %s", us).isLessThanOrEqualTo(3);
        return us.movePointRight(3).longValueExact();
    }

    /** Validates and returns the events. */
    public static List<JsonNode> validate(final JsonNode root) {
        assertThat(root.isObject()).isTrue();
        final Iterator<String> names = root.propertyNames().iterator();
        assertThat(names.next()).as("traceEvents first (Perfetto's tokenizer stops at unknown keys)").isEqualTo("traceEvents");
        names.forEachRemaining(k -> assertThat(k).isIn("otherData", "metadata", "systemTraceEvents"));
        assertThat(root.has("displayTimeUnit")).as("displayTimeUnit changes how Perfetto reads ts").isFalse();
        final List<JsonNode> evs = new ArrayList<>();
        root.get("traceEvents").forEach(evs::add);
        final Map<String, Long> lastTs = new HashMap<>();
        final Map<String, ArrayDeque<long[]>> stacks = new HashMap<>();
        final Map<String, List<long[]>> slices = new HashMap<>();
        final Map<Long, long[]> flows = new HashMap<>();
        final Map<String, Long> openAsync = new HashMap<>();
        final Set<String> named = new HashSet<>();
        final Set<String> used = new HashSet<>();
        final List<Object[]> flowPoints = new ArrayList<>();
        for (final JsonNode e : evs) {
            final String ph = e.get("ph").stringValue();
            assertThat(PHASES).as("phase of %s", e).contains(ph);
            assertThat(e.get("pid").isIntegralNumber() && e.get("tid").isIntegralNumber()).as("pid/tid of %s", e).isTrue();
            e.properties().forEach(p -> assertThat(p.getValue().isArray()).as("no array value (%s) in %s", p.getKey(), e).isFalse());
            final String track = e.get("pid").asLong() + "/" + e.get("tid").asLong();
            if (ph.equals("M")) {
                if (e.get("name").stringValue().equals("thread_name")) named.add(track);
                assertThat(e.get("args").isObject()).isTrue();
                continue;
            }
            assertThat(e.has("ts")).as("ts of %s", e).isTrue();
            final long ts = ns(e.get("ts"));
            final Long prev = lastTs.put(track, ts);
            if (prev != null) assertThat(ts).as("monotonic ts on track %s at %s", track, e).isGreaterThanOrEqualTo(prev);
            used.add(track);
            switch (ph) {
                case "X": {
                    assertThat(e.get("name").isString()).isTrue();
                    final long dur = ns(e.get("dur"));
                    assertThat(dur).isGreaterThanOrEqualTo(0);
                    final ArrayDeque<long[]> st = stacks.computeIfAbsent(track, k -> new ArrayDeque<>());
                    while (!st.isEmpty() && st.peek()[1] <= ts) st.pop();
                    if (!st.isEmpty()) assertThat(ts + dur).as("nested in its parent on %s: %s", track, e).isLessThanOrEqualTo(st.peek()[1]);
                    st.push(new long[] {ts, ts + dur});
                    slices.computeIfAbsent(track, k -> new ArrayList<>()).add(new long[] {ts, ts + dur});
                    break;
                }
                case "s":
                case "f": {
                    final long id = e.get("id").asLong();
                    final long[] f = flows.computeIfAbsent(id, k -> new long[2]);
                    f[ph.equals("s") ? 0 : 1]++;
                    if (ph.equals("f")) assertThat(e.get("bp").stringValue()).isEqualTo("e");
                    flowPoints.add(new Object[] {track, ts, e});
                    break;
                }
                default: {
                    final String key = e.get("cat").stringValue() + "/" + e.get("id").stringValue() + "/" + e.get("name").stringValue() + "/" + e.get("pid");
                    if (ph.equals("b")) {
                        assertThat(openAsync.put(key, ts)).as("async %s begins while open", key).isNull();
                    } else {
                        final Long b = openAsync.remove(key);
                        assertThat(b).as("async end without begin: %s", key).isNotNull();
                        assertThat(ts).isGreaterThanOrEqualTo(b);
                    }
                }
            }
        }
        assertThat(openAsync).as("async slices left open").isEmpty();
        flows.forEach((id, f) -> assertThat(f).as("flow %d has one start and one end", id).containsExactly(1, 1));
        for (final Object[] p : flowPoints) {
            final long ts = (Long) p[1];
            final boolean inside = slices.getOrDefault((String) p[0], List.of()).stream().anyMatch(s -> s[0] < ts && ts < s[1]);
            assertThat(inside).as("flow point inside a slice of its track: %s", p[2]).isTrue();
        }
        for (final String t : used) {
            if (slices.containsKey(t)) assertThat(named).as("thread_name for track %s", t).contains(t);
        }
        return evs;
    }
}
