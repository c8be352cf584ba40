package org.gripkit.testkit;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gripkit.PublishFormat;
import org.jspecify.annotations.Nullable;

/**
 * Reads the body of a publish, as Pushpin's {@code POST /publish/} takes it, into {@link
 * RecordedItem}s:
 *
 * <pre>
 *   {"items":[{"channel":C, "id"?:I, "prev-id"?:P, "meta"?:{K:V},
 *              "formats":{"ws-message":    {"content":T} | {"content-bin":B64}
 *                                        | {"action":"close"[,"code":N][,"reason":R]},
 *                         "http-stream":   {"content":T} | {"content-bin":B64} | {"action":"close"},
 *                         "http-response": {["code":N,]["reason":R,]["headers":[[K,V],..] | {K:V},]
 *                                           "body":T | "body-bin":B64}}}]}
 * </pre>
 *
 * Messages are Pushpin's where it has one ({@code Invalid format: ...}). Stricter than Pushpin
 * where Pushpin takes what it cannot deliver (the kit is there to find bugs): an empty channel,
 * {@code content-bin} that is not base64, a duplicate JSON member, and values grip-core's
 * formats refuse (a close code no endpoint may send, a reason over 123 bytes).
 */
final class PublishBodies {
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final String ITEM = "publish item object";

  private PublishBodies() {}

  /** A body Pushpin would refuse with 400; the message is the body of that answer. */
  static final class BadPublish extends Exception {
    private static final long serialVersionUID = 1L;

    BadPublish(String message) {
      super(message, null, false, false);
    }
  }

  static List<RecordedItem> parse(byte[] body) throws BadPublish {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new BadPublish("Body is not valid JSON.");
    }
    if (root == null || root.isMissingNode()) {
      throw new BadPublish("Body is not valid JSON.");
    }
    if (!root.isObject()) {
      throw new BadPublish("Invalid format.");
    }
    JsonNode items = root.get("items");
    if (items == null) {
      throw new BadPublish("Invalid format: object does not contain 'items'");
    }
    if (!items.isArray()) {
      throw new BadPublish("Invalid format: object contains 'items' with wrong type");
    }
    List<RecordedItem> out = new ArrayList<>();
    for (JsonNode item : items) {
      out.add(item(item));
    }
    return out;
  }

  private static RecordedItem item(JsonNode item) throws BadPublish {
    if (!item.isObject()) {
      throw invalid(ITEM + " is not an object");
    }
    String channel = string(item, ITEM, "channel");
    if (channel == null) {
      throw invalid(ITEM + " does not contain 'channel'");
    }
    if (channel.isEmpty()) {
      throw invalid(ITEM + " contains 'channel' with empty value"
          + " (Pushpin takes it and delivers to nobody)");
    }
    String id = string(item, ITEM, "id");
    String prevId = string(item, ITEM, "prev-id");
    Map<String, String> meta = new LinkedHashMap<>();
    JsonNode metaNode = item.get("meta");
    if (metaNode != null && !metaNode.isNull()) {
      if (!metaNode.isObject()) {
        throw invalid(ITEM + " contains 'meta' with wrong type");
      }
      for (Map.Entry<String, JsonNode> e : metaNode.properties()) {
        if (!e.getValue().isTextual()) {
          throw invalid("'meta' contains '" + e.getKey() + "' with wrong type");
        }
        meta.put(e.getKey(), e.getValue().textValue());
      }
    }
    JsonNode formats = item.get("formats");
    if (formats == null || formats.isNull()) {
      formats = item; // Pushpin also takes the formats directly in the item
    } else if (!formats.isObject()) {
      throw invalid(ITEM + " contains 'formats' with wrong type");
    }
    List<PublishFormat> out = new ArrayList<>();
    try {
      JsonNode response = formats.get("http-response");
      if (response != null) {
        out.add(httpResponse(response));
      }
      JsonNode stream = formats.get("http-stream");
      if (stream != null) {
        out.add(httpStream(stream));
      }
      JsonNode ws = formats.get("ws-message");
      if (ws != null) {
        out.add(wsMessage(ws));
      }
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage() + " (refused by grip-core's PublishFormat)");
    }
    if (out.isEmpty()) {
      throw invalid("no formats specified");
    }
    return new RecordedItem(channel, id, prevId, meta, out);
  }

  private static PublishFormat wsMessage(JsonNode f) throws BadPublish {
    String where = "'ws-message'";
    object(f, where);
    if (isClose(f, where)) {
      JsonNode code = f.get("code");
      String reason = string(f, where, "reason");
      if (code == null) {
        if (reason != null && !reason.isEmpty()) {
          throw invalid(where + " contains 'reason' without 'code'");
        }
        return PublishFormat.WsMessage.close();
      }
      if (!code.isInt()) {
        throw invalid(where + " contains 'code' with wrong type");
      }
      return PublishFormat.WsMessage.close(code.intValue(), reason == null ? "" : reason);
    }
    String type = string(f, where, "type");
    if (type != null && !type.equals("text") && !type.equals("binary")) {
      throw invalid(where + " contains 'type' \"" + type + "\", which PublishRecorder does not"
          + " record (grip-core publishes text and binary messages only)");
    }
    byte[] bin = base64(f, where, "content-bin");
    if (bin != null) {
      return PublishFormat.WsMessage.binary(bin);
    }
    String content = string(f, where, "content");
    if (content != null) {
      return PublishFormat.WsMessage.text(content);
    }
    throw invalid(where + " does not contain 'content' or 'content-bin'");
  }

  private static PublishFormat httpStream(JsonNode f) throws BadPublish {
    String where = "'http-stream'";
    object(f, where);
    if (isClose(f, where)) {
      return PublishFormat.HttpStream.close();
    }
    byte[] bin = base64(f, where, "content-bin");
    if (bin != null) {
      return PublishFormat.HttpStream.binary(bin);
    }
    String content = string(f, where, "content");
    if (content != null) {
      return PublishFormat.HttpStream.text(content);
    }
    throw invalid(where + " does not contain 'content' or 'content-bin'");
  }

  private static PublishFormat httpResponse(JsonNode f) throws BadPublish {
    String where = "'http-response'";
    object(f, where);
    PublishFormat.HttpResponse.Builder builder = PublishFormat.HttpResponse.builder();
    JsonNode code = f.get("code");
    if (code != null) {
      if (!code.isInt()) {
        throw invalid(where + " contains 'code' with wrong type");
      }
      builder.code(code.intValue());
    }
    String reason = string(f, where, "reason");
    if (reason != null) {
      builder.reason(reason);
    }
    JsonNode headers = f.get("headers");
    if (headers != null) {
      if (headers.isArray()) {
        for (JsonNode pair : headers) {
          if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual()
              || !pair.get(1).isTextual()) {
            throw invalid("headers contains element with wrong type");
          }
          builder.header(pair.get(0).textValue(), pair.get(1).textValue());
        }
      } else if (headers.isObject()) {
        for (Map.Entry<String, JsonNode> e : headers.properties()) {
          if (!e.getValue().isTextual()) {
            throw invalid("headers contains '" + e.getKey() + "' with wrong type");
          }
          builder.header(e.getKey(), e.getValue().textValue());
        }
      } else {
        throw invalid(where + " contains 'headers' with wrong type");
      }
    }
    byte[] bin = base64(f, where, "body-bin");
    String body = string(f, where, "body");
    if (bin != null) {
      builder.body(bin);
    } else if (body != null) {
      builder.body(body);
    } else {
      throw invalid(where + " does not contain 'body', 'body-bin', or 'body-patch'");
    }
    return builder.build();
  }

  private static boolean isClose(JsonNode f, String where) throws BadPublish {
    String action = string(f, where, "action");
    if (action == null || action.equals("send")) {
      return false;
    }
    if (action.equals("close")) {
      return true;
    }
    throw invalid(where + " contains 'action' \"" + action + "\", which PublishRecorder does not"
        + " record");
  }

  private static void object(JsonNode f, String where) throws BadPublish {
    if (!f.isObject()) {
      throw invalid(where + " is not an object");
    }
  }

  private static @Nullable String string(JsonNode node, String where, String name)
      throws BadPublish {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw invalid(where + " contains '" + name + "' with wrong type");
    }
    return value.textValue();
  }

  private static byte @Nullable [] base64(JsonNode node, String where, String name)
      throws BadPublish {
    String text = string(node, where, name);
    if (text == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw invalid(where + " contains '" + name + "' that is not base64"
          + " (Pushpin skips the bad characters and delivers something else)");
    }
  }

  private static BadPublish invalid(String message) {
    return new BadPublish("Invalid format: " + message);
  }
}
