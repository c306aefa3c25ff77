package dev.whylate.util;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interns strings to dense int ids (0..size-1). Id -1 stands for "no name". */
public final class Names {
    private final List<String> list = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();

    /** Id of {@code s}, interning it; -1 for null. */
    public int id(final String s) {
        if (s == null) return -1;
        final Integer id = ids.get(s);
        if (id != null) return id;
        list.add(s);
        ids.put(s, list.size() - 1);
        return list.size() - 1;
    }

    /** Id of {@code s} if already interned, else -1. */
    public int find(final String s) {
        final Integer id = s == null ? null : ids.get(s);
        return id == null ? -1 : id;
    }

    /** The string for {@code id}; null for -1. */
    public String get(final int id) {
        return id < 0 ? null : list.get(id);
    }

    /** Number of names. */
    public int size() {
        return list.size();
    }
}
