package dev.whylate.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a live stream looks up what its lines do not say: the comm of a task printed as {@code <...>} (the
 * kernel's comm cache missed it) and the process id of a thread when the TGID column is absent.
 */
public interface TaskInfo {
    /** The comm of thread {@code tid}, or null. */
    String comm(int tid);

    /** The process id of thread {@code tid}, or -1. */
    int tgid(int tid);

    /** Knows nothing (reading a file, where /proc would describe other tasks). */
    TaskInfo NONE = new TaskInfo() {
        @Override
        public String comm(final int tid) {
            return null;
        }

        @Override
        public int tgid(final int tid) {
            return -1;
        }
    };

    /** Reads {@code /proc/TID/comm} and {@code /proc/TID/status}, caching what it found (up to 65536 threads). */
    static TaskInfo proc() {
        return new TaskInfo() {
            private final Map<Integer, String> comms = new HashMap<>();
            private final Map<Integer, Integer> tgids = new HashMap<>();

            @Override
            public synchronized String comm(final int tid) {
                if (tid <= 0) return null;
                if (comms.size() > 65536) comms.clear();
                return comms.computeIfAbsent(tid, t -> {
                    try {
                        final String s = Files.readString(Path.of("/proc", Integer.toString(t), "comm"), StandardCharsets.UTF_8).strip();
                        return s.isEmpty() || s.length() > 64 ? null : s;
                    } catch (IOException | RuntimeException e) {
                        return null;
                    }
                });
            }

            @Override
            public synchronized int tgid(final int tid) {
                if (tid <= 0) return -1;
                if (tgids.size() > 65536) tgids.clear();
                return tgids.computeIfAbsent(tid, t -> {
                    try {
                        for (final String l : Files.readAllLines(Path.of("/proc", Integer.toString(t), "status"), StandardCharsets.UTF_8)) {
                            if (l.startsWith("Tgid:")) return Integer.parseInt(l.substring(5).strip());
                        }
                    } catch (IOException | RuntimeException e) {
                        return -1;
                    }
                    return -1;
                });
            }
        };
    }
}
