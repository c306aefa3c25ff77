package dev.whylate.format.dat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every .dat in testdata, event by event and field by field, against trace-cmd report. */
class DatVsTraceCmdTest {
    static final Path TESTDATA = Path.of("..", "testdata");

    static List<Path> datFiles() throws IOException {
        final List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(TESTDATA)) {
            s.filter(p -> p.toString().endsWith(".dat")).sorted().forEach(out::add);
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyTestdataFileMatchesTraceCmd() throws IOException {
        return datFiles().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Assumptions.assumeTrue(TraceCmd.binary() != null, "needs trace-cmd on PATH");
            final DatCompare.Summary s = DatCompare.compareAll(p);
            System.out.println(DatCompare.summary(p, s));
            s.textExamples().forEach(System.out::println);
            assertThat(s.events()).isPositive();
        }));
    }
}
