package dev.whylate.format.dat;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses event format files. Tolerant of old kernels (no {@code signed:}), {@code __attribute__((user))},
 * {@code special} markers and array lengths written as macros; a line that is not a field is ignored.
 */
final class FormatParser {
    private FormatParser() {}

    /** The value after {@code key} on the first line starting with it, or {@code null}. */
    static String header(final String text, final String key) {
        int p = 0;
        final int n = text.length();
        while (p < n) {
            int e = text.indexOf('\n', p);
            if (e < 0) e = n;
            int s = p;
            while (s < e && (text.charAt(s) == ' ' || text.charAt(s) == '\t')) s++;
            if (text.startsWith(key, s)) return text.substring(s + key.length(), e).strip();
            if (text.startsWith("format:", s)) return null; // name and ID come before the fields
            p = e + 1;
        }
        return null;
    }

    /** The event id of a format text, or -1. */
    static int id(final String text) {
        final String v = header(text, "ID:");
        if (v == null) return -1;
        try {
            final long id = Long.parseLong(v);
            return id < 0 || id > 0xFFFF ? -1 : (int) id;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Parses a whole format text; {@code longSize} is the traced kernel's long size (for long arrays). */
    static EventFormat parse(final String system, final String text, final int longSize) {
        final String name = header(text, "name:");
        final int id = id(text);
        final List<FormatField> first = new ArrayList<>();
        final List<FormatField> rest = new ArrayList<>();
        String printFmt = "";
        boolean inFields = false;
        boolean blankSeen = false;
        for (final String raw : text.split("\n", -1)) {
            final String line = raw.strip();
            if (line.startsWith("format:")) {
                inFields = true;
                continue;
            }
            if (line.startsWith("print fmt:")) {
                printFmt = line.substring("print fmt:".length()).strip();
                inFields = false;
                continue;
            }
            if (!inFields) continue;
            if (line.isEmpty()) {
                if (!first.isEmpty()) blankSeen = true;
                continue;
            }
            final FormatField f = field(line, longSize);
            if (f == null) continue;
            (blankSeen ? rest : first).add(f);
        }
        // the common fields come first, separated from the event's own by a blank line; without one, go by name
        final List<FormatField> common = new ArrayList<>();
        final List<FormatField> fields = new ArrayList<>();
        for (final FormatField f : first) {
            if (blankSeen || f.name().startsWith("common_")) common.add(f);
            else fields.add(f);
        }
        fields.addAll(rest);
        return new EventFormat(id, system, name == null ? "unnamed_" + id : name, List.copyOf(common), List.copyOf(fields), printFmt);
    }

    /** Parses one {@code field:...;offset:..;size:..;signed:..;} line, or returns {@code null}. */
    static FormatField field(final String line, final int longSize) {
        if (!line.startsWith("field:")) return null;
        final int semi = line.indexOf(';');
        if (semi < 0) return null;
        String decl = line.substring(6, semi).strip();
        int offset = -1;
        int size = -1;
        int signed = -1;
        for (final String part : line.substring(semi + 1).split(";")) {
            final String p = part.strip();
            final int c = p.indexOf(':');
            if (c < 0) continue;
            final String k = p.substring(0, c).strip();
            final String v = p.substring(c + 1).strip();
            try {
                switch (k) {
                    case "offset": offset = Integer.parseInt(v); break;
                    case "size": size = Integer.parseInt(v); break;
                    case "signed": signed = Integer.parseInt(v); break;
                    default: break;
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (offset < 0 || size < 0 || offset > 0xFFFF || size > 0xFFFF) return null;
        if (decl.startsWith("special ")) decl = decl.substring(8).strip();
        decl = dropAttributes(decl);
        String type;
        String name;
        boolean array = false;
        int arrayLen = 0;
        if (decl.endsWith("]")) {
            final int lb = decl.lastIndexOf('[');
            if (lb < 0) return null;
            final String inner = decl.substring(lb + 1, decl.length() - 1).strip();
            final String head = decl.substring(0, lb).strip();
            final int sp = lastNameStart(head);
            name = head.substring(sp);
            type = (head.substring(0, sp).strip() + "[" + inner + "]");
            array = true;
            arrayLen = parseLen(inner);
        } else {
            final int sp = lastNameStart(decl);
            name = decl.substring(sp);
            type = decl.substring(0, sp).strip();
            if (type.contains("[")) {
                array = true; // "__data_loc char[] name"
                arrayLen = 0;
            }
        }
        if (name.isEmpty()) return null;
        final boolean dataLoc = type.startsWith("__data_loc");
        final boolean relLoc = type.startsWith("__rel_loc");
        final boolean string = array && (type.contains("char") || type.contains("u8") || type.contains("s8"));
        final boolean pointer = type.contains("*");
        final boolean isLong = type.contains("long");
        int elem;
        if (array || dataLoc || relLoc) {
            if (arrayLen > 0) elem = size / arrayLen;
            else if (dataLoc || relLoc) elem = baseSize(type, longSize);
            else if (string) elem = 1;
            else if (isLong) elem = longSize;
            else elem = baseSize(type, longSize);
        } else {
            elem = size;
        }
        return new FormatField(name.intern(), type, offset, size, signed > 0, array, arrayLen, elem, dataLoc, relLoc, string || (dataLoc || relLoc) && size == 2,
            pointer, isLong);
    }

    private static String dropAttributes(final String decl) {
        int i = decl.indexOf("__attribute__");
        if (i < 0) return decl;
        final StringBuilder b = new StringBuilder(decl.substring(0, i));
        int depth = 0;
        int p = i + "__attribute__".length();
        for (; p < decl.length(); p++) {
            final char c = decl.charAt(p);
            if (c == '(') depth++;
            else if (c == ')') {
                depth--;
                if (depth == 0) {
                    p++;
                    break;
                }
            }
        }
        b.append(' ').append(decl.substring(Math.min(p, decl.length())));
        return dropAttributes(b.toString().strip());
    }

    private static int lastNameStart(final String s) {
        int e = s.length();
        while (e > 0 && isIdent(s.charAt(e - 1))) e--;
        return e;
    }

    private static boolean isIdent(final char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static int parseLen(final String inner) {
        if (inner.isEmpty()) return 0;
        // libtraceevent keeps the last token, parsed like strtoul(.., 0)
        final String[] toks = inner.split("[^0-9A-Za-z_]+");
        final String last = toks.length == 0 ? "" : toks[toks.length - 1];
        final long v = DatParser.parseCLong(last);
        return v > 0 && v < 0x10000 ? (int) v : 0;
    }

    /** Size of a scalar C type name (for dynamic arrays), 1 when unknown. */
    static int baseSize(final String type, final int longSize) {
        String t = type.replace("__data_loc", "").replace("__rel_loc", "").replace("[]", "").replace("const", "").strip();
        final int lb = t.indexOf('[');
        if (lb >= 0) t = t.substring(0, lb).strip();
        if (t.contains("*")) return longSize;
        switch (t) {
            case "u8": case "s8": case "__u8": case "__s8": case "char": case "unsigned char": case "signed char": case "bool": case "uint8_t": case "int8_t":
                return 1;
            case "u16": case "s16": case "__u16": case "__s16": case "short": case "unsigned short": case "uint16_t": case "int16_t":
                return 2;
            case "u32": case "s32": case "__u32": case "__s32": case "int": case "unsigned int": case "unsigned": case "uint32_t": case "int32_t": case "pid_t":
                return 4;
            case "u64": case "s64": case "__u64": case "__s64": case "long long": case "unsigned long long": case "uint64_t": case "int64_t":
                return 8;
            case "long": case "unsigned long":
                return longSize;
            default:
                return 1;
        }
    }
}
