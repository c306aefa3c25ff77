package dev.whylate.format.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.model.Fields;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Block layer payloads: lines as 6.18's tracefs, trace-cmd 3.1 and perf 6.1 printed them on the development VM
 * (a virtio disk 254:0), and the forms of older kernels. The expected values follow the events' print fmt
 * ({@code dev >> 20}, {@code dev & 0xfffff}, ioprio {@code class << 13 | hint << 3 | level}). The same
 * recording read as trace.dat and as text gives the same block cycles: {@code BlockKeyTest}.
 */
class BlockPayloadsTest {
    private static final long DEV = (254L << 20) | 0;

    private static Fields decode(final String event, final String payload) {
        final byte[] b = ("XX" + payload + "YY").getBytes(StandardCharsets.UTF_8);
        final Fields f = new Fields();
        TextPayloads.decode(event, b, 2, b.length - 4, f);
        return f;
    }

    @Test
    void requestIssueAsTheKernelPrintsIt() {
        final Fields f = decode("block_rq_issue", "254,0 RA 4096 () 35666784 + 8 be,0,4 [java]");
        assertThat(f.getLong("dev", -1)).isEqualTo(DEV);
        assertThat(f.getString("rwbs")).isEqualTo("RA");
        assertThat(f.getLong("bytes", -1)).isEqualTo(4096);
        assertThat(f.getString("cmd")).isEmpty();
        assertThat(f.getLong("sector", -1)).isEqualTo(35_666_784L);
        assertThat(f.getLong("nr_sector", -1)).isEqualTo(8);
        assertThat(f.getLong("ioprio", -1)).isEqualTo((2L << 13) | 4);
        assertThat(f.getString("comm")).isEqualTo("java");
        assertThat(f.size()).isEqualTo(8);
    }

    @Test
    void traceCmdAndPerfPrintTheIoprioClassAsANumber() {
        final Fields kernel = decode("block_rq_complete", "254,0 WS () 207913088 + 128 be,0,4 [0]");
        final Fields tool = decode("block_rq_complete", "254,0 WS () 207913088 + 128 0x2,0,4 [0]");
        assertThat(tool.getLong("ioprio", -1)).isEqualTo(kernel.getLong("ioprio", -2)).isEqualTo(16388);
        assertThat(tool.getLong("error", -1)).isZero();
        assertThat(tool.getLong("sector", -1)).isEqualTo(207_913_088L);
        assertThat(tool.has("comm")).as("the bracket of a completion is its error").isFalse();
    }

    @Test
    void olderKernelsPrintNoIoprioAndNegativeErrors() {
        final Fields issue = decode("block_rq_issue", "8,16 WS 4096 () 123456 + 8 [dd]");
        assertThat(issue.getLong("dev", -1)).isEqualTo((8L << 20) | 16);
        assertThat(issue.getLong("sector", -1)).isEqualTo(123_456);
        assertThat(issue.has("ioprio")).isFalse();
        assertThat(issue.getString("comm")).isEqualTo("dd");
        final Fields done = decode("block_rq_complete", "8,16 WS () 123456 + 8 [-5]");
        assertThat(done.getLong("error", 0)).isEqualTo(-5);
        final Fields bio = decode("block_bio_complete", "8,16 R 2048 + 8 [0]");
        assertThat(bio.getLong("sector", -1)).isEqualTo(2048);
        assertThat(bio.getLong("error", -1)).isZero();
    }

    @Test
    void bioQueueSplitAndRemap() {
        final Fields q = decode("block_bio_queue", "254,0 RA 35666784 + 8 [java]");
        assertThat(q.getLong("nr_sector", -1)).isEqualTo(8);
        assertThat(q.getString("comm")).isEqualTo("java");
        final Fields split = decode("block_split", "8,0 W 100 / 164 [kworker/u8:2]");
        assertThat(split.getLong("sector", -1)).isEqualTo(100);
        assertThat(split.getLong("new_sector", -1)).isEqualTo(164);
        assertThat(split.getString("comm")).isEqualTo("kworker/u8:2");
        final Fields remap = decode("block_rq_remap", "253,1 W 5000 + 16 <- (8,2) 4000 3");
        assertThat(remap.getLong("dev", -1)).isEqualTo((253L << 20) | 1);
        assertThat(remap.getLong("old_dev", -1)).isEqualTo((8L << 20) | 2);
        assertThat(remap.getLong("old_sector", -1)).isEqualTo(4000);
        assertThat(remap.getLong("nr_bios", -1)).isEqualTo(3);
    }

    @Test
    void commandBytesAndCommsWithSpaces() {
        final Fields f = decode("block_rq_insert", "8,0 N 0 (12 00 00 00 24 00) 0 + 0 none,0,0 [sg reader]");
        assertThat(f.getString("cmd")).isEqualTo("12 00 00 00 24 00");
        assertThat(f.getLong("ioprio", -1)).isZero();
        assertThat(f.getString("comm")).isEqualTo("sg reader");
    }

    @Test
    void plugUnplugAndBufferEvents() {
        assertThat(decode("block_plug", "[java]").getString("comm")).isEqualTo("java");
        final Fields u = decode("block_unplug", "[java] 1");
        assertThat(u.getString("comm")).isEqualTo("java");
        assertThat(u.getLong("nr_rq", -1)).isEqualTo(1);
        final Fields t = decode("block_touch_buffer", "254,0 sector=4966551 size=4096");
        assertThat(t.getLong("dev", -1)).isEqualTo(DEV);
        assertThat(t.getLong("sector", -1)).isEqualTo(4_966_551L);
        assertThat(t.getLong("size", -1)).isEqualTo(4096);
    }

    @Test
    void otherFormsFallBackToTheGenericRule() {
        final Fields f = decode("block_rq_issue", "dev=8:0 sector=5");
        assertThat(f.getLong("sector", -1)).isEqualTo(5);
        assertThat(f.has("dev")).isTrue();
        assertThat(decode("block_rq_issue", "8,0").getLong("dev", -1)).isEqualTo(8L << 20);
        assertThat(decode("block_rq_issue", "garbage , here").size()).isLessThanOrEqualTo(2);
    }

    @Test
    void truncatedAndDamagedPayloadsNeverThrow() {
        final String[] lines = {"254,0 RA 4096 () 35666784 + 8 be,0,4 [java]", "254,0 WS () 207913088 + 128 0x2,0,4 [0]",
            "253,1 W 5000 + 16 <- (8,2) 4000 3", "8,0 W 100 / 164 [kworker/u8:2]", "[java] 1", "254,0 sector=4966551 size=4096"};
        final String[] events = {"block_rq_issue", "block_rq_complete", "block_rq_remap", "block_split", "block_unplug", "block_touch_buffer"};
        final java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int k = 0; k < lines.length; k++) {
            final String l = lines[k];
            for (int cut = 0; cut <= l.length(); cut++) decode(events[k], l.substring(0, cut));
            for (int n = 0; n < 500; n++) {
                final char[] c = l.toCharArray();
                for (int m = 0; m < 3; m++) c[r.nextInt(c.length)] = " ,()[]<-+/0x9a".charAt(r.nextInt(14));
                decode(events[k], new String(c));
            }
        }
    }
}
