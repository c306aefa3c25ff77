package dev.whylate.format.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whylate.io.MappedBytes;
import dev.whylate.model.Fields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextLineDecoderTest {
    @TempDir
    Path dir;

    @Test
    void payloadRunsToTheEndOfItsLine() throws Exception {
        final String longValue = "x".repeat(5000);
        final String text = "head: vec=1 [action=TIMER]\r\nnext: a=1 b=" + longValue + "\nmulti: first\nsecond a=7\nlast: z=1";
        final Path p = dir.resolve("f.txt");
        Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        try (MappedBytes m = MappedBytes.open(p)) {
            final long l2 = text.indexOf("a=1");
            final long l3 = text.indexOf("first");
            final long l3end = text.indexOf("\nlast");
            final TextLineDecoder d = new TextLineDecoder(m, new long[] {l3}, new long[] {l3end});
            final Fields f = new Fields();
            d.decodeAt(6, "softirq_entry", f);
            assertThat(f.raw()).isEqualTo("vec=1 [action=TIMER]");
            assertThat(f.getString("vec")).isEqualTo("TIMER");
            f.clear();
            d.decodeAt(l2, "x", f);
            assertThat(f.getString("b")).isEqualTo(longValue);
            f.clear();
            d.decodeAt(l3, "y", f);
            assertThat(f.raw()).isEqualTo("first\nsecond a=7");
            assertThat(f.getLong("a", -1)).isEqualTo(7);
            assertThat(d.textAt(text.indexOf("z=1"))).isEqualTo("z=1");
            assertThat(d.textAt(text.length() + 10)).isEmpty();
            assertThat(d.multiLineCount()).isEqualTo(1);
        }
    }

    @Test
    void rejectsUnsortedMultiLineStarts() throws Exception {
        final Path p = dir.resolve("g.txt");
        Files.write(p, "a\n".getBytes(StandardCharsets.UTF_8));
        try (MappedBytes m = MappedBytes.open(p)) {
            assertThatThrownBy(() -> new TextLineDecoder(m, new long[] {5, 1}, new long[] {6, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
