package dev.whylate.format.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.io.MappedBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedLinesTest {
    @TempDir
    Path tmp;

    /** Reference: split by '\n' with plain Java, cut to maxLine, drop a trailing '\r'. */
    private static List<String> reference(final String text, final int maxLine) {
        final List<String> out = new ArrayList<>();
        int s = 0;
        while (s < text.length()) {
            int e = text.indexOf('\n', s);
            final boolean term = e >= 0;
            if (!term) e = text.length();
            String l = text.substring(s, e);
            if (l.length() > maxLine) l = l.substring(0, maxLine) + "<cut>";
            else if (l.endsWith("\r")) l = l.substring(0, l.length() - 1);
            out.add(l + (term ? "" : "<eof>"));
            s = e + 1;
        }
        return out;
    }

    private static List<String> lines(final MappedBytes b, final long from, final long to, final int maxLine, final int bufSize) {
        final MappedLines l = new MappedLines(b, from, to, maxLine, bufSize);
        final List<String> out = new ArrayList<>();
        long n = 0;
        while (l.next()) {
            n++;
            assertThat(l.lineNo()).isEqualTo(n);
            final String s = new String(l.buf(), l.start(), l.end() - l.start(), StandardCharsets.ISO_8859_1);
            // offsets point back into the file
            if (l.end() > l.start()) assertThat(b.get(l.offset(l.start()))).isEqualTo(l.buf()[l.start()]);
            out.add(s + (l.tooLong() ? "<cut>" : "") + (l.terminated() ? "" : "<eof>"));
        }
        return out;
    }

    @Test
    void randomLinesSeed20261122() throws Exception {
        final Random r = new Random(20261122L);
        for (int round = 0; round < 40; round++) {
            final int maxLine = 16 + r.nextInt(40);
            final StringBuilder sb = new StringBuilder();
            final int n = r.nextInt(300);
            for (int i = 0; i < n; i++) {
                final int len = r.nextInt(10) == 0 ? maxLine + r.nextInt(300) : r.nextInt(maxLine);
                for (int k = 0; k < len; k++) sb.append((char) ('a' + r.nextInt(26)));
                if (r.nextInt(8) == 0) sb.append('\r');
                if (i < n - 1 || r.nextBoolean()) sb.append('\n');
            }
            final String text = sb.toString();
            final Path p = tmp.resolve("r" + round);
            Files.writeString(p, text, StandardCharsets.ISO_8859_1);
            try (MappedBytes b = MappedBytes.open(p)) {
                final int bufSize = 2 * maxLine + r.nextInt(100);
                assertThat(lines(b, 0, b.size(), maxLine, bufSize)).as("round %d", round).isEqualTo(reference(text, maxLine));
                // a sub-range starting at a line start
                final int cut = text.indexOf('\n', text.length() / 2);
                if (cut >= 0) {
                    assertThat(lines(b, cut + 1, b.size(), maxLine, bufSize)).isEqualTo(reference(text.substring(cut + 1), maxLine));
                }
            }
        }
    }
}
