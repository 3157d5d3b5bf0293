package io.aspd.data;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the data tool: strict about trailing garbage after a line's object, thread-safe. */
final class Jsonl {
    static final JsonMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private Jsonl() {
    }
}
