package org.gripkit.sample.qa;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.gripkit.sample.qa.QaException.Code;
import org.jspecify.annotations.Nullable;

/** JSON in and out, and typed reads of a client message's fields. */
final class Json {
  /** ISO-8601 in UTC, always with milliseconds (PROTOCOL.md). */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new SimpleModule().addSerializer(Instant.class, new JsonSerializer<Instant>() {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
            throws IOException {
          gen.writeString(TIMESTAMP.format(value));
        }
      }))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .build();

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Parses a JSON object, or fails with BAD_JSON. */
  static ObjectNode parseObject(String text) throws QaException {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new QaException(Code.BAD_JSON, "message is not valid JSON");
    }
    if (!(node instanceof ObjectNode object)) {
      throw new QaException(Code.BAD_JSON, "message is not a JSON object");
    }
    return object;
  }

  static String string(JsonNode message, String field) throws QaException {
    JsonNode value = message.get(field);
    if (value == null || value.isNull()) {
      throw new QaException(Code.MISSING_FIELD, field + " is missing", field);
    }
    if (!value.isTextual()) {
      throw new QaException(Code.INVALID_FIELD, field + " must be a string", field);
    }
    return value.asText();
  }

  static @Nullable String optionalString(JsonNode message, String field) throws QaException {
    JsonNode value = message.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new QaException(Code.INVALID_FIELD, field + " must be a string", field);
    }
    return value.asText();
  }

  static boolean bool(JsonNode message, String field) throws QaException {
    JsonNode value = message.get(field);
    if (value == null || value.isNull()) {
      throw new QaException(Code.MISSING_FIELD, field + " is missing", field);
    }
    if (!value.isBoolean()) {
      throw new QaException(Code.INVALID_FIELD, field + " must be true or false", field);
    }
    return value.asBoolean();
  }

  static JsonNode objectField(JsonNode message, String field) throws QaException {
    JsonNode value = message.get(field);
    if (value == null || value.isNull()) {
      throw new QaException(Code.MISSING_FIELD, field + " is missing", field);
    }
    if (!value.isObject()) {
      throw new QaException(Code.INVALID_FIELD, field + " must be an object", field);
    }
    return value;
  }
}
