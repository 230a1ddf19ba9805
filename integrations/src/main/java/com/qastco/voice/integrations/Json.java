package com.qastco.voice.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;

/**
 * The one Jackson mapper for JSON the code reads or writes itself: vendors' requests and answers, stored documents
 * (transcripts, tool results, outbox payloads) and events. Controllers' request and response bodies are the
 * framework's (Micronaut Serde, compile-time) and never come here.
 *
 * <p>Map keys are written in sorted order, so the same data always gives the same text: a tool call's arguments
 * hash to one invocation key whatever order the agent sent them in.
 */
public final class Json {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private Json() {}

  /** Plain data (maps, lists, records, trees) as JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not plain data: " + value.getClass().getName(), e);
    }
  }

  public static JsonNode tree(String json) throws JsonProcessingException {
    return MAPPER.readTree(json);
  }

  public static JsonNode tree(byte[] json) throws java.io.IOException {
    return MAPPER.readTree(json);
  }

  /** A JSON object as a map; a JSON text that is not an object is refused. */
  public static Map<String, Object> object(String json) throws JsonProcessingException {
    Map<String, Object> value = MAPPER.readValue(json, new TypeReference<>() {});
    if (value == null) {
      throw new JsonProcessingException("Expected a JSON object, not null") {};
    }
    return value;
  }
}
