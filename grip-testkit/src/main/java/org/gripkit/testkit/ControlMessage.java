package org.gripkit.testkit;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One control message a handler sent: a {@code c:} TEXT event of the grip extension, such as
 * {@code c:{"type":"subscribe","channel":"room-alpha"}}, read from its JSON.
 *
 * @param type the {@code type} member: {@code subscribe}, {@code unsubscribe}, {@code detach},
 *     {@code session}, {@code keep-alive}, {@code send-delayed} or {@code flush-delayed}
 * @param fields every member, {@code type} included, in JSON order: strings as their text,
 *     anything else (numbers, arrays) as its JSON, for example {@code timeout} as {@code "20"}
 * @param json the JSON as sent, without the {@code c:} prefix
 */
public record ControlMessage(String type, Map<String, String> fields, String json) {
  public ControlMessage {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(json, "json == null");
    fields = java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(Objects.requireNonNull(fields, "fields == null")));
  }

  /** The member of that name as {@link #fields()} shows it, or null when absent. */
  public @Nullable String field(String name) {
    Objects.requireNonNull(name, "name == null");
    return fields.get(name);
  }
}
