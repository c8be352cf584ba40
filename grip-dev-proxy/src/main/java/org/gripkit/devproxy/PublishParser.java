package org.gripkit.devproxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads Pushpin's HTTP publish body into {@link PublishItem}s, with the checks and in the order
 * Pushpin makes them, and Pushpin's error messages.
 *
 * <pre>
 *   {"items": [{"channel": "room-a", "id"?: "2", "prev-id"?: "1",
 *               "formats": {"ws-message":    {"content" | "content-bin" | "action": "close", "code"?},
 *                           "http-stream":   {"content" | "content-bin" | "action": "close"},
 *                           "http-response": {"code"?, "reason"?, "headers"?, "body" | "body-bin"}}}]}
 * </pre>
 *
 * A {@code formats} object may be left out, with the formats directly in the item. Like
 * Pushpin, {@code content-bin} is decoded leniently (characters outside base64 are skipped)
 * and an empty channel is accepted.
 *
 * @see <a href="https://pushpin.org/docs/protocols/http-publishing/">HTTP publishing</a>
 */
final class PublishParser {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final String ITEM = "publish item object";
  private static final String WS = "'ws-message'";
  private static final String STREAM = "'http-stream'";
  private static final String RESPONSE = "'http-response'";

  private PublishParser() {}

  /** Parses a publish body; the exception message is the full text of the 400 answer. */
  static List<PublishItem> parse(byte[] body) throws PublishFormatException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new PublishFormatException("Body is not valid JSON.");
    } catch (IOException e) {
      throw new PublishFormatException("Body is not valid JSON.");
    }
    if (root == null || root.isMissingNode()) {
      throw new PublishFormatException("Body is not valid JSON.");
    }
    if (!root.isObject()) {
      throw new PublishFormatException("Invalid format.");
    }
    if (!root.has("items")) {
      throw new PublishFormatException("Invalid format: object does not contain 'items'");
    }
    JsonNode items = root.get("items");
    if (!items.isArray()) {
      throw new PublishFormatException("Invalid format: object contains 'items' with wrong type");
    }
    List<PublishItem> out = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      try {
        out.add(item(item));
      } catch (ItemException e) {
        throw new PublishFormatException("Invalid format: " + e.getMessage());
      }
    }
    return out;
  }

  /** A fault inside one item; {@link #parse} prefixes "Invalid format: ". */
  private static final class ItemException extends Exception {
    private static final long serialVersionUID = 1L;

    ItemException(String message) {
      super(message, null, false, false);
    }
  }

  private static PublishItem item(JsonNode item) throws ItemException {
    if (!item.isObject()) {
      throw new ItemException(ITEM + " is not an object");
    }
    if (!item.has("channel")) {
      throw new ItemException(ITEM + " does not contain 'channel'");
    }
    if (!item.get("channel").isTextual()) {
      throw wrongType(ITEM, "channel");
    }
    String channel = item.get("channel").textValue();
    String id = optionalString(item, ITEM, "id");
    String prevId = optionalString(item, ITEM, "prev-id");
    JsonNode formats = item.get("formats");
    if (formats != null && !formats.isNull() && !formats.isObject()) {
      throw wrongType(ITEM, "formats");
    }
    if (formats == null || formats.isNull()) {
      formats = item; // formats directly in the item
    }
    JsonNode response = formats.get("http-response");
    JsonNode stream = formats.get("http-stream");
    JsonNode ws = formats.get("ws-message");
    if (response == null && stream == null && ws == null) {
      throw new ItemException("no formats specified");
    }
    PublishItem.HttpResponse httpResponse = response == null ? null : httpResponse(response);
    PublishItem.HttpStream httpStream = stream == null ? null : httpStream(stream);
    PublishItem.WsMessage wsMessage = ws == null ? null : wsMessage(ws);
    JsonNode meta = item.get("meta");
    if (meta != null && !meta.isNull()) {
      if (!meta.isObject()) {
        throw wrongType(ITEM, "meta");
      }
      for (Map.Entry<String, JsonNode> e : meta.properties()) {
        if (!e.getValue().isTextual()) {
          throw new ItemException("'meta' contains '" + e.getKey() + "' with wrong type");
        }
      }
    }
    JsonNode size = item.get("size");
    if (size != null) {
      if (!size.isIntegralNumber()) {
        throw wrongType(ITEM, "size");
      }
      if (size.asLong() < 0) {
        throw new ItemException(ITEM + " contains 'size' with invalid value");
      }
    }
    JsonNode noSeq = item.get("no-seq");
    if (noSeq != null && !noSeq.isBoolean()) {
      throw wrongType(ITEM, "no-seq");
    }
    return new PublishItem(channel, id, prevId, wsMessage, httpStream, httpResponse);
  }

  private enum Action { SEND, CLOSE, HINT, REFRESH }

  private static Action action(JsonNode format, String pn) throws ItemException {
    String action = optionalString(format, pn, "action");
    if (action == null || action.equals("send")) {
      return Action.SEND;
    }
    switch (action) {
      case "close":
        return Action.CLOSE;
      case "hint":
        return Action.HINT;
      case "refresh":
        return Action.REFRESH;
      default:
        // Pushpin refuses this with an empty message; say what is wrong instead.
        throw new ItemException(pn + " contains 'action' with unknown value");
    }
  }

  private static PublishItem.WsMessage wsMessage(JsonNode f) throws ItemException {
    if (!f.isObject()) {
      throw new ItemException(WS + " is not an object");
    }
    Action action = action(f, WS);
    if (action == Action.CLOSE) {
      int code = -1;
      if (f.has("code")) {
        code = integer(f, WS, "code");
        if (code < 0) {
          throw new ItemException(WS + " contains 'code' with invalid value");
        }
      }
      String reason = optionalString(f, WS, "reason");
      return new PublishItem.WsMessage(PublishItem.WsAction.CLOSE, new byte[0], code,
          reason == null ? "" : reason);
    }
    if (action != Action.SEND) {
      return new PublishItem.WsMessage(PublishItem.WsAction.IGNORE, new byte[0], -1, "");
    }
    PublishItem.WsAction type = null;
    String typeName = optionalString(f, WS, "type");
    if (typeName != null) {
      switch (typeName) {
        case "text":
          type = PublishItem.WsAction.TEXT;
          break;
        case "binary":
          type = PublishItem.WsAction.BINARY;
          break;
        case "ping":
          type = PublishItem.WsAction.PING;
          break;
        case "pong":
          type = PublishItem.WsAction.PONG;
          break;
        default:
          throw new ItemException(WS + " contains 'type' with unknown value");
      }
    }
    checkContentFilters(f, WS);
    byte[] content;
    if (f.has("content-bin")) {
      if (!f.get("content-bin").isTextual()) {
        throw wrongType(WS, "content-bin");
      }
      content = base64(f.get("content-bin").textValue());
      if (type == null) {
        type = PublishItem.WsAction.BINARY;
      }
    } else if (f.has("content")) {
      if (!f.get("content").isTextual()) {
        throw wrongType(WS, "content");
      }
      content = f.get("content").textValue().getBytes(StandardCharsets.UTF_8);
      if (type == null) {
        type = PublishItem.WsAction.TEXT;
      }
    } else if (type == null || type == PublishItem.WsAction.TEXT
        || type == PublishItem.WsAction.BINARY) {
      throw new ItemException(WS + " does not contain 'content' or 'content-bin'");
    } else {
      content = new byte[0];
    }
    return new PublishItem.WsMessage(type, content, -1, "");
  }

  private static PublishItem.HttpStream httpStream(JsonNode f) throws ItemException {
    if (!f.isObject()) {
      throw new ItemException(STREAM + " is not an object");
    }
    Action action = action(f, STREAM);
    if (action == Action.CLOSE) {
      return new PublishItem.HttpStream(true, new byte[0]);
    }
    if (action != Action.SEND) {
      return new PublishItem.HttpStream(false, new byte[0]);
    }
    checkContentFilters(f, STREAM);
    if (f.has("content-bin")) {
      return new PublishItem.HttpStream(false,
          base64(requiredString(f, STREAM, "content-bin")));
    }
    if (f.has("content")) {
      if (!f.get("content").isTextual()) {
        throw wrongType(STREAM, "content");
      }
      return new PublishItem.HttpStream(false,
          f.get("content").textValue().getBytes(StandardCharsets.UTF_8));
    }
    throw new ItemException(STREAM + " does not contain 'content' or 'content-bin'");
  }

  private static PublishItem.HttpResponse httpResponse(JsonNode f) throws ItemException {
    if (!f.isObject()) {
      throw new ItemException(RESPONSE + " is not an object");
    }
    Action action = action(f, RESPONSE);
    if (action != Action.SEND) {
      return new PublishItem.HttpResponse(-1, "", List.of(), new byte[0]);
    }
    int code = 200;
    if (f.has("code")) {
      code = integer(f, RESPONSE, "code");
      if (code < 0 || code > 999) {
        throw new ItemException(RESPONSE + " contains 'code' with invalid value");
      }
    }
    String reason = optionalString(f, RESPONSE, "reason");
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    JsonNode h = f.get("headers");
    if (h != null) {
      if (h.isArray()) {
        for (JsonNode pair : h) {
          if (!pair.isArray()) {
            throw new ItemException("headers contains element with wrong type");
          }
          if (pair.size() != 2) {
            throw new ItemException("headers contains list with wrong number of elements");
          }
          if (!pair.get(0).isTextual()) {
            throw new ItemException("header contains name element with wrong type");
          }
          if (!pair.get(1).isTextual()) {
            throw new ItemException("header contains value element with wrong type");
          }
          headers.add(Map.entry(pair.get(0).textValue(), pair.get(1).textValue()));
        }
      } else if (h.isObject()) {
        for (Map.Entry<String, JsonNode> e : h.properties()) {
          if (!e.getValue().isTextual()) {
            throw new ItemException("headers contains '" + e.getKey() + "' with wrong type");
          }
          headers.add(Map.entry(e.getKey(), e.getValue().textValue()));
        }
      } else {
        throw wrongType(RESPONSE, "headers");
      }
    }
    checkContentFilters(f, RESPONSE);
    byte[] body;
    if (f.has("body-bin")) {
      body = base64(requiredString(f, RESPONSE, "body-bin"));
    } else if (f.has("body")) {
      if (!f.get("body").isTextual()) {
        throw wrongType(RESPONSE, "body");
      }
      body = f.get("body").textValue().getBytes(StandardCharsets.UTF_8);
    } else if (f.has("body-patch")) {
      throw new ItemException(RESPONSE
          + " contains 'body-patch', which the development proxy does not support");
    } else {
      throw new ItemException(RESPONSE + " does not contain 'body', 'body-bin', or 'body-patch'");
    }
    return new PublishItem.HttpResponse(code, reason == null ? "" : reason, headers, body);
  }

  private static void checkContentFilters(JsonNode f, String pn) throws ItemException {
    JsonNode filters = f.get("content-filters");
    if (filters == null) {
      return;
    }
    if (!filters.isArray()) {
      throw wrongType(pn, "content-filters");
    }
    for (JsonNode filter : filters) {
      if (!filter.isTextual()) {
        throw new ItemException("content-filters contains element with wrong type");
      }
    }
  }

  /** Absent or null: null; a string: its value; anything else: wrong type. */
  private static @Nullable String optionalString(JsonNode parent, String pn, String name)
      throws ItemException {
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw wrongType(pn, name);
    }
    return v.textValue();
  }

  private static String requiredString(JsonNode parent, String pn, String name)
      throws ItemException {
    String v = optionalString(parent, pn, name);
    if (v == null) {
      throw wrongType(pn, name);
    }
    return v;
  }

  private static int integer(JsonNode parent, String pn, String name) throws ItemException {
    JsonNode v = parent.get(name);
    if (v == null || !v.isNumber() || !v.canConvertToInt()) {
      throw wrongType(pn, name);
    }
    return v.intValue();
  }

  private static ItemException wrongType(String pn, String name) {
    return new ItemException(pn + " contains '" + name + "' with wrong type");
  }

  /** Lenient base64, like Qt's {@code fromBase64}: characters outside the alphabet are skipped. */
  private static byte[] base64(String s) {
    StringBuilder clean = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '+' || c == '/') {
        clean.append(c);
      } else if (c == '-') {
        clean.append('+');
      } else if (c == '_') {
        clean.append('/');
      }
    }
    if (clean.length() % 4 == 1) {
      clean.setLength(clean.length() - 1); // a lone sextet carries no whole byte
    }
    return Base64.getDecoder().decode(
        clean.toString() + "==".substring(0, (4 - clean.length() % 4) % 4));
  }
}
