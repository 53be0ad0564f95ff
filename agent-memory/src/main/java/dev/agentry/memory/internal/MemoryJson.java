package dev.agentry.memory.internal;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The memory module's own JSON mapper: exact decimals, duplicate keys rejected. Thread-safe. */
final class MemoryJson {
    /** The mapper for journal records, metadata maps, chat tool calls and reflection answers. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private MemoryJson() {}
}
