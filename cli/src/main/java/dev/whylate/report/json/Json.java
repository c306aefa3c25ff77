package dev.whylate.report.json;

import java.io.PrintWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes result records as JSON. Keys are the record component names; every key is documented in
 * docs/JSON.md. Maps keep their insertion order.
 */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build();

    private Json() {}

    /** Writes {@code value} as pretty-printed JSON followed by a newline. */
    public static void write(final Object value, final PrintWriter out) {
        out.println(MAPPER.writeValueAsString(value));
        out.flush();
    }

    /** The shared mapper (for tests that read JSON back). */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
