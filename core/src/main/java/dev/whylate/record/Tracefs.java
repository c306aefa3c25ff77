package dev.whylate.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The kernel's tracefs: where it is mounted, which events it offers, its global metadata files (event
 * formats, printk formats, saved cmdlines and tgids) and the private instances whylate records into.
 *
 * <p>Instances are named {@code whylate-<pid>-<n>} (pid of the JVM that made them). {@link #cleanup} removes
 * the ones whose owner is gone. Nothing here changes the top-level tracing buffer.
 */
public final class Tracefs {
    /** Prefix of every instance whylate creates. */
    public static final String INSTANCE_PREFIX = "whylate-";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Path DEFAULT = Path.of("/sys/kernel/tracing");
    private static final Path DEBUGFS = Path.of("/sys/kernel/debug/tracing");

    private final Path root;
    private Map<String, List<String>> events;

    private Tracefs(final Path root) {
        this.root = root;
    }

    /** A tracefs mounted at {@code root} (no checks; for tests and special mounts). */
    public static Tracefs at(final Path root) {
        return new Tracefs(root);
    }

    /**
     * Finds tracefs, mounting it at /sys/kernel/tracing when it is not mounted, after checking that we are
     * root.
     *
     * @throws RecordException NOT_ROOT or NO_TRACEFS with a sentence saying what to do
     */
    public static Tracefs locate() throws RecordException {
        if (!isRoot()) {
            throw new RecordException(RecordException.Kind.NOT_ROOT,
                "recording needs root (tracefs instances and events can only be changed by root); run with sudo");
        }
        final Optional<Path> found = findMounted();
        if (found.isPresent()) return new Tracefs(found.get());
        mount();
        final Optional<Path> again = findMounted();
        if (again.isPresent()) return new Tracefs(again.get());
        throw new RecordException(RecordException.Kind.NO_TRACEFS,
            "tracefs is not available: mounted it at " + DEFAULT + " but it has no 'instances' directory");
    }

    /** Whether the effective user id of this process is 0 (from /proc/self/status). */
    public static boolean isRoot() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    final String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0");
                }
            }
        } catch (final IOException e) {
            return false;
        }
        return false;
    }

    private static Optional<Path> findMounted() {
        if (Files.isDirectory(DEFAULT.resolve("instances"))) return Optional.of(DEFAULT);
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                final String[] f = line.split(" ");
                if (f.length > 2 && f[2].equals("tracefs")) {
                    final Path p = Path.of(f[1].replace("\\040", " "));
                    if (Files.isDirectory(p.resolve("instances"))) return Optional.of(p);
                }
            }
        } catch (final IOException e) {
            // fall through
        }
        if (Files.isDirectory(DEBUGFS.resolve("instances"))) return Optional.of(DEBUGFS);
        return Optional.empty();
    }

    private static void mount() throws RecordException {
        final String what = "mount -t tracefs nodev " + DEFAULT;
        try {
            final Process p = new ProcessBuilder("mount", "-t", "tracefs", "nodev", DEFAULT.toString())
                .redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RecordException(RecordException.Kind.NO_TRACEFS, "tracefs is not mounted and '" + what + "' hung");
            }
            if (p.exitValue() != 0) {
                throw new RecordException(RecordException.Kind.NO_TRACEFS, "tracefs is not mounted and '" + what
                    + "' failed" + (out.isEmpty() ? "" : ": " + out) + " (is CONFIG_TRACING enabled in this kernel?)");
            }
        } catch (final IOException e) {
            throw new RecordException(RecordException.Kind.NO_TRACEFS,
                "tracefs is not mounted and '" + what + "' could not be run: " + e.getMessage(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecordException(RecordException.Kind.NO_TRACEFS, "interrupted while mounting tracefs", e);
        }
    }

    /** The mount point, e.g. /sys/kernel/tracing. */
    public Path root() {
        return root;
    }

    /** The contents of a file below the mount point, e.g. {@code "events/header_page"}. */
    public byte[] readBytes(final String rel) throws IOException {
        return readFile(root.resolve(rel));
    }

    /**
     * Reads a tracefs (or /proc) file whole. Files.readAllBytes does not work here: tracefs reports size 0,
     * so the JDK's first read asks for one byte, and files such as events/header_page answer only the first
     * read (any read at a non-zero offset returns end of file). This reads with a large buffer from the start.
     */
    public static byte[] readFile(final Path p) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[64 * 1024];
            int n = 0;
            while (true) {
                if (n == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                final int r = in.read(buf, n, buf.length - n);
                if (r < 0) break;
                n += r;
            }
            return java.util.Arrays.copyOf(buf, n);
        }
    }

    /** {@link #readFile} as text. */
    public static String readText(final Path p) throws IOException {
        return new String(readFile(p), StandardCharsets.UTF_8);
    }

    /**
     * Events the kernel offers, from {@code available_events}: system → event names, in the kernel's order.
     */
    public synchronized Map<String, List<String>> availableEvents() throws IOException {
        if (events == null) {
            final Map<String, List<String>> m = new LinkedHashMap<>();
            for (final String line : readText(root.resolve("available_events")).split("\n")) {
                final int c = line.indexOf(':');
                if (c <= 0) continue;
                m.computeIfAbsent(line.substring(0, c).trim(), k -> new ArrayList<>()).add(line.substring(c + 1).trim());
            }
            events = m;
        }
        return events;
    }

    /** Whether {@code system:event} is available. */
    public boolean hasEvent(final String system, final String event) throws IOException {
        final List<String> l = availableEvents().get(system);
        return l != null && l.contains(event);
    }

    /**
     * Expands event specifications into {@code system:event} names, each once, in the order given.
     * A specification is {@code system:event} (or {@code system/event}), either part may use {@code *}
     * globs, a bare system name means all its events, and a bare event name must be unique across systems.
     *
     * @throws RecordException UNKNOWN_EVENT naming the first specification that matches nothing
     */
    public List<String> resolve(final Collection<String> specs) throws RecordException, IOException {
        final Set<String> out = new LinkedHashSet<>();
        for (final String raw : specs) {
            final List<String> m = match(raw.trim());
            if (m.isEmpty()) {
                throw new RecordException(RecordException.Kind.UNKNOWN_EVENT,
                    "unknown event '" + raw + "': not in " + root.resolve("available_events") + suggestion(raw.trim()));
            }
            out.addAll(m);
        }
        return new ArrayList<>(out);
    }

    /** The {@code system:event} names matching one specification (empty when none). */
    public List<String> match(final String spec) throws IOException {
        final Map<String, List<String>> av = availableEvents();
        final List<String> out = new ArrayList<>();
        String sys;
        String ev;
        final int c = Math.max(spec.indexOf(':'), spec.indexOf('/'));
        if (c >= 0) {
            sys = spec.substring(0, c);
            ev = spec.substring(c + 1);
            if (ev.isEmpty()) ev = "*";
        } else if (av.containsKey(spec)) {
            sys = spec;
            ev = "*";
        } else {
            for (final Map.Entry<String, List<String>> e : av.entrySet()) {
                for (final String n : e.getValue()) {
                    if (glob(spec, n)) out.add(e.getKey() + ":" + n);
                }
            }
            if (!spec.contains("*") && out.size() > 1) return List.of();  // ambiguous bare name
            return out;
        }
        for (final Map.Entry<String, List<String>> e : av.entrySet()) {
            if (!glob(sys, e.getKey())) continue;
            for (final String n : e.getValue()) {
                if (glob(ev, n)) out.add(e.getKey() + ":" + n);
            }
        }
        return out;
    }

    /**
     * The one event {@code spec} names, as {@code system:event}: {@code event}, {@code system:event} or
     * {@code system/event}, without globs; null when this kernel has no such event, when {@code spec} is a bare
     * system name, or when a bare event name is in several systems.
     */
    public String event(final String spec) throws IOException {
        final String s = spec.strip();
        final int c = Math.max(s.indexOf(':'), s.indexOf('/'));
        if (s.isEmpty() || s.contains("*") || c == s.length() - 1 || (c < 0 && availableEvents().containsKey(s))) return null;
        final List<String> m = match(s);
        return m.size() == 1 ? m.get(0) : null;
    }

    private String suggestion(final String spec) throws IOException {
        final String needle = spec.substring(Math.max(spec.indexOf(':'), spec.indexOf('/')) + 1).replace("*", "");
        if (needle.length() < 3) return "";
        final List<String> near = new ArrayList<>();
        for (final Map.Entry<String, List<String>> e : availableEvents().entrySet()) {
            for (final String n : e.getValue()) {
                if (n.contains(needle) || (needle.length() > 5 && n.startsWith(needle.substring(0, needle.length() - 2)))) {
                    near.add(e.getKey() + ":" + n);
                }
            }
        }
        if (near.isEmpty()) return "";
        return " (similar: " + String.join(", ", near.subList(0, Math.min(5, near.size()))) + ")";
    }

    static boolean glob(final String pattern, final String s) {
        if (!pattern.contains("*")) return pattern.equals(s);
        final String[] parts = pattern.split("\\*", -1);
        final StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) re.append(".*");
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.matches(re.toString(), s);
    }

    /**
     * Creates a new empty instance {@code whylate-<pid>-<n>[-tag]} with tracing off.
     *
     * @param tag a short word for humans reading {@code instances/}, or null
     */
    public TracefsInstance createInstance(final String tag) throws RecordException {
        final String name = INSTANCE_PREFIX + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet()
            + (tag == null || tag.isEmpty() ? "" : "-" + tag.replaceAll("[^A-Za-z0-9_.]", "_"));
        final Path dir = root.resolve("instances").resolve(name);
        try {
            Files.createDirectory(dir);
        } catch (final IOException e) {
            throw new RecordException(RecordException.Kind.IO, "cannot create tracefs instance " + dir + ": " + e.getMessage(), e);
        }
        final TracefsInstance inst = new TracefsInstance(this, name, dir);
        try {
            inst.tracingOn(false);
        } catch (final IOException e) {
            inst.close();
            throw new RecordException(RecordException.Kind.IO, "cannot use tracefs instance " + dir + ": " + e.getMessage(), e);
        }
        return inst;
    }

    /** Names of the whylate instances present now. */
    public List<String> whylateInstances() throws IOException {
        final List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve("instances"), INSTANCE_PREFIX + "*")) {
            for (final Path p : ds) out.add(p.getFileName().toString());
        }
        out.sort(null);
        return out;
    }

    /**
     * Removes instances left behind by whylate runs that were killed: every {@code whylate-*} instance whose
     * owning process (the pid in its name) is gone (see {@link #ownerAlive}). With {@code all}, also removes
     * instances of live owners (they then lose their recording).
     *
     * @return the names removed, and for each one that could not be removed a "name: reason" entry in
     *         {@code failures}
     */
    public List<String> cleanup(final boolean all, final List<String> failures) throws IOException {
        final List<String> removed = new ArrayList<>();
        for (final String name : whylateInstances()) {
            if (!all && ownerAlive(name)) continue;
            final Path dir = root.resolve("instances").resolve(name);
            try {
                TracefsInstance.disableAndRemove(dir);
                removed.add(name);
            } catch (final IOException e) {
                failures.add(name + ": " + e.getMessage());
            }
        }
        return removed;
    }

    /**
     * Whether an instance may still be in use: the first all-digit part of its name (the pid in whylate's own
     * {@code whylate-<pid>-<n>}, or in scripts' {@code whylate-<word>-$$}) is the pid of a live process.
     * Names without such a part are treated as in use: nothing tells whose they are.
     */
    static boolean ownerAlive(final String name) {
        for (final String part : name.substring(INSTANCE_PREFIX.length()).split("-")) {
            if (part.isEmpty() || part.length() > 9 || !part.chars().allMatch(Character::isDigit)) continue;
            final long pid = Long.parseLong(part);
            return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        return true;
    }

    /** Saved pid → comm map of the kernel (top level, shared by all instances), as text lines "pid comm". */
    public byte[] savedCmdlines() throws IOException {
        return readBytes("saved_cmdlines");
    }

    /** Saved pid → tgid map ("pid tgid" lines); empty when no buffer ever had record-tgid on. */
    public byte[] savedTgids() {
        try {
            return readBytes("saved_tgids");
        } catch (final IOException e) {
            return new byte[0];
        }
    }

    /** printk format strings used by bprint events ({@code 0xADDR : "fmt"} lines). */
    public byte[] printkFormats() {
        try {
            return readBytes("printk_formats");
        } catch (final IOException e) {
            return new byte[0];
        }
    }

    /** The format files of ftrace's own events (events/ftrace/*), sorted by name. */
    public List<byte[]> ftraceFormats() throws IOException {
        return systemFormats("ftrace").values().stream().toList();
    }

    /** The format files of one event system, by event name (sorted), skipping unreadable ones. */
    public Map<String, byte[]> systemFormats(final String system) throws IOException {
        final Map<String, byte[]> out = new TreeMap<>();
        final Path dir = root.resolve("events").resolve(system);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (final Path p : ds) {
                final Path f = p.resolve("format");
                if (!Files.isDirectory(p)) continue;
                try {
                    out.put(p.getFileName().toString(), readFile(f));
                } catch (final NoSuchFileException e) {
                    // not an event directory
                }
            }
        }
        return out;
    }
}
