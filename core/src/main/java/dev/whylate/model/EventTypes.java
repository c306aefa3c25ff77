package dev.whylate.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Registry of event names, interned to small ints (the {@code type} column of {@link EventStore}).
 *
 * <p>Names are kept without their subsystem ({@code sched_switch}); the subsystem, when the input told it
 * ({@code sched:sched_switch} in perf, the format files in trace.dat), is kept beside it. Lookups accept
 * {@code name}, {@code system:name} and {@code system/name}.
 *
 * <pre>{@code
 * EventTypes types = new EventTypes();
 * int id = types.intern("sched", "sched_switch");
 * assert types.find("sched:sched_switch") == id;
 * }</pre>
 *
 * <p>Not thread-safe while being filled; readers that parse in parallel intern under their own lock or
 * intern per chunk and remap.
 */
public final class EventTypes {
    /** Returned by lookups that find nothing. */
    public static final int NONE = -1;

    private final List<String> names = new ArrayList<>();
    private final List<String> systems = new ArrayList<>();
    private final Map<String, Integer> byName = new HashMap<>();
    /**
     * Snapshots of {@link #names} and {@link #systems}, replaced (never changed) under the lock when they change,
     * so that {@link #name} and {@link #system} — asked once per event by payload decoders on several threads —
     * take no lock.
     */
    private volatile String[] nameSnap = new String[0];
    private volatile String[] systemSnap = new String[0];

    /** Interns {@code name} (subsystem unknown). Returns its id. */
    public synchronized int intern(final String name) {
        return intern(null, name);
    }

    /**
     * Interns {@code name} with an optional subsystem. A later call that knows the subsystem fills it in
     * for an id first interned without one.
     */
    public synchronized int intern(final String system, final String name) {
        final Integer id = byName.get(name);
        if (id != null) {
            if (system != null && systems.get(id) == null) {
                systems.set(id, system);
                systemSnap = systems.toArray(new String[0]);
            }
            return id;
        }
        final int n = names.size();
        if (n >= 0xFFFF) throw new IllegalStateException("more than 65535 event types");
        names.add(name);
        systems.add(system);
        byName.put(name, n);
        nameSnap = names.toArray(new String[0]);
        systemSnap = systems.toArray(new String[0]);
        return n;
    }

    /** Finds an id by {@code name}, {@code system:name} or {@code system/name}; {@link #NONE} if absent. */
    public synchronized int find(final String spec) {
        String name = spec;
        final int sep = Math.max(spec.indexOf(':'), spec.indexOf('/'));
        if (sep >= 0) name = spec.substring(sep + 1);
        final Integer id = byName.get(name);
        if (id == null) return NONE;
        if (sep >= 0) {
            final String sys = systems.get(id);
            if (sys != null && !sys.equals(spec.substring(0, sep))) return NONE;
        }
        return id;
    }

    /** Event name without subsystem. */
    public String name(final int id) {
        final String[] a = nameSnap;
        return id >= 0 && id < a.length ? a[id] : lockedName(id);
    }

    private synchronized String lockedName(final int id) {
        return names.get(id);
    }

    /** Subsystem, or {@code null} when the input did not say. */
    public String system(final int id) {
        final String[] a = systemSnap;
        return id >= 0 && id < a.length ? a[id] : lockedSystem(id);
    }

    private synchronized String lockedSystem(final int id) {
        return systems.get(id);
    }

    /** Number of interned types; ids are {@code 0..size()-1}. */
    public synchronized int size() {
        return names.size();
    }
}
