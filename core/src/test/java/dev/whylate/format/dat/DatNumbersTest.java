package dev.whylate.format.dat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whylate.format.ReadOptions;
import dev.whylate.format.Traces;
import dev.whylate.model.EventStore;
import dev.whylate.model.Fields;
import dev.whylate.model.PayloadDecoder;
import dev.whylate.model.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link DatPayloads#number}, {@link DatPayloads#numbers} and {@link DatPayloads#numbersAndTexts} read fields straight
 * from the record; they must
 * answer exactly what {@link DatPayloads#decode} followed by {@link Fields#getLong} answers, for every field of
 * every event of every .dat in testdata and examples (numbers, texts-only fields, absent names).
 */
class DatNumbersTest {
    private static final long D1 = Long.MIN_VALUE + 11;
    private static final long D2 = 424242;

    @TestFactory
    Stream<DynamicTest> numbersAgreeWithDecode() throws IOException {
        final List<Path> all = new ArrayList<>(DatVsTraceCmdTest.datFiles());
        all.addAll(DatVsTraceCmdTest.exampleFiles());
        return all.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static void check(final Path p) throws Exception {
        final Trace t = Traces.read(p.toString(), ReadOptions.defaults());
        final EventStore s = t.events();
        final PayloadDecoder dec = s.decoder();
        assertThat(dec).isInstanceOf(DatPayloads.class);
        final Fields f = new Fields();
        final Fields scratch = new Fields();
        long checked = 0;
        for (int i = 0; i < s.size(); i++) {
            dec.decode(s, i, f);
            final int n = f.size();
            final String[] names = new String[n + 1];
            final long[] dflt = new long[n + 1];
            final long[] want = new long[n + 1];
            for (int k = 0; k < n; k++) {
                // a copy that is not the interned instance: lookups must not rely on identity alone
                final String name = k % 2 == 0 ? f.name(k) : new String(f.name(k).toCharArray());
                names[k] = name;
                dflt[k] = k % 2 == 0 ? D1 : D2;
                want[k] = f.getLong(name, dflt[k]);
                assertThat(dec.number(s, i, name, dflt[k], scratch)).as("%s event %d %s", p.getFileName(), i, name).isEqualTo(want[k]);
                checked++;
            }
            names[n] = "no_such_field";
            dflt[n] = D2;
            want[n] = D2;
            assertThat(dec.number(s, i, "no_such_field", D1, scratch)).isEqualTo(D1);
            final long[] out = new long[n + 1];
            dec.numbers(s, i, names, dflt, out, scratch);
            assertThat(out).as("%s event %d", p.getFileName(), i).containsExactly(want);
            // texts: twice, so that the second call finds what the first one cached
            final String[] wantText = new String[n + 1];
            for (int k = 0; k < n + 1; k++) wantText[k] = f.getString(names[k]);
            for (int round = 0; round < 2; round++) {
                final long[] nums = new long[n + 1];
                final String[] texts = new String[n + 1];
                dec.numbersAndTexts(s, i, names, dflt, nums, names, texts, scratch);
                assertThat(nums).as("%s event %d", p.getFileName(), i).containsExactly(want);
                assertThat(texts).as("%s event %d", p.getFileName(), i).containsExactly(wantText);
            }
        }
        System.out.println(p.getFileName() + ": " + s.size() + " events, " + checked + " fields read as numbers");
        assertThat(checked).isPositive();
    }
}
