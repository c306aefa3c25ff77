package dev.whylate.analysis.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.Trace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** stats on examples/basic: the same ring buffer as trace.dat and as tracefs text. */
class TraceStatsTest {
    static final Path DAT = Path.of("..", "examples", "basic", "trace.dat");
    static final Path TXT = Path.of("..", "examples", "basic", "trace.txt.zst");

    @Test
    void datAndTextOfOneBufferCountTheSame() throws Exception {
        final TraceStats d = TraceStats.of(Traces.read(DAT.toString(), new ReadOptions(2)));
        final TraceStats t = TraceStats.of(Traces.read(TXT.toString(), new ReadOptions(2)));
        assertThat(d.events()).isEqualTo(t.events()).isEqualTo(74_393);
        assertThat(d.byType()).isEqualTo(t.byType());
        assertThat(d.byCpu()).isEqualTo(t.byCpu());
        assertThat(d.tasks()).isEqualTo(t.tasks());
    }

    @Test
    void tasksAreTheThreadsEventsRanInNotTheSavedCmdlines() throws Exception {
        // independent count: the distinct pids of the TASK-PID column of the text
        final Pattern task = Pattern.compile("^\\s*.{1,16}?-(\\d+)\\s+\\(\\s*[-\\d]+\\)\\s+\\[\\d+\\]");
        final Set<Integer> pids = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ZstdInputStream(Files.newInputStream(TXT)),
            StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                final Matcher m = task.matcher(l);
                if (m.find()) pids.add(Integer.parseInt(m.group(1)));
            }
        }
        final Trace dat = Traces.read(DAT.toString(), new ReadOptions(2));
        assertThat(pids).hasSizeGreaterThan(10);
        assertThat(TraceStats.of(dat).tasks()).isEqualTo(pids.size());
        // the file's saved cmdlines name tasks that never ran in the recording
        assertThat(dat.tasks().size()).isGreaterThan(pids.size());
    }
}
