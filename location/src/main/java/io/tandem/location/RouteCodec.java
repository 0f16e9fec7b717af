package io.tandem.location;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Route as JSON (the value stored per binding in Redis; readable with redis-cli). */
final class RouteCodec {
    private static final JsonMapper MAPPER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    private RouteCodec() {
    }

    static String encode(Route route) {
        return MAPPER.writeValueAsString(route);
    }

    static Route decode(String json) {
        return MAPPER.readValue(json, Route.class);
    }
}
