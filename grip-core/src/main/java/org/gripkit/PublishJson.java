package org.gripkit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes the body of a publish request, per
 * <a href="https://pushpin.org/docs/usage/#publishing">Pushpin's publishing docs</a>:
 *
 * <pre>
 *   {"items":[
 *     {"channel":C, ["id":I,] ["prev-id":P,] ["meta":{K:V,...},] ["no-seq":true,] "formats":{
 *       "http-response": {["code":N,] ["reason":R,] ["headers":[[K,V],...],]
 *                         "body":TEXT | "body-bin":BASE64} | {"action":"hint"},
 *       "http-stream":   {"content":TEXT} | {"content-bin":BASE64} | {"action":"close"}
 *                      | {"action":"hint"},
 *       "ws-message":    {"content":TEXT} | {"content-bin":BASE64}
 *                      | {"action":"close"[, "code":N][, "reason":R]} | {"action":"refresh"}}},
 *    ...]}
 * </pre>
 *
 * Output is compact UTF-8 JSON with non-ASCII characters written as UTF-8, not escaped.
 */
final class PublishJson {
  /** Surrogate pairs combined so that U+1F600 is written as 4 UTF-8 bytes, not two escapes. */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build();

  private PublishJson() {}

  static byte[] encode(List<PublishItem> items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 * items.size());
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeArrayFieldStart("items");
      for (PublishItem item : items) {
        writeItem(json, item);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      // Only a bug gets here: the output is in memory and every string was checked.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeItem(JsonGenerator json, PublishItem item) throws IOException {
    json.writeStartObject();
    json.writeStringField("channel", item.channel());
    String id = item.id();
    if (id != null) {
      json.writeStringField("id", id);
    }
    String prevId = item.prevId();
    if (prevId != null) {
      json.writeStringField("prev-id", prevId);
    }
    if (!item.meta().isEmpty()) {
      json.writeObjectFieldStart("meta");
      for (Map.Entry<String, String> m : item.meta().entrySet()) {
        json.writeStringField(m.getKey(), m.getValue());
      }
      json.writeEndObject();
    }
    if (item.noSeq()) {
      json.writeBooleanField("no-seq", true);
    }
    json.writeObjectFieldStart("formats");
    for (PublishFormat format : item.formats()) {
      json.writeObjectFieldStart(format.key());
      if (format instanceof PublishFormat.WsMessage ws) {
        writeWsMessage(json, ws);
      } else if (format instanceof PublishFormat.HttpStream stream) {
        writeHttpStream(json, stream);
      } else {
        writeHttpResponse(json, (PublishFormat.HttpResponse) format);
      }
      json.writeEndObject();
    }
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void writeWsMessage(JsonGenerator json, PublishFormat.WsMessage ws)
      throws IOException {
    WebSocketEvent message = ws.message();
    if (message == null) {
      json.writeStringField("action", "refresh");
    } else if (message instanceof WebSocketEvent.Text text) {
      json.writeStringField("content", text.content());
    } else if (message instanceof WebSocketEvent.Binary binary) {
      json.writeStringField("content-bin", base64(binary.content()));
    } else {
      WebSocketEvent.Close close = (WebSocketEvent.Close) message;
      json.writeStringField("action", "close");
      if (close.hasCode()) {
        json.writeNumberField("code", close.code());
      }
      if (!close.reason().isEmpty()) {
        json.writeStringField("reason", close.reason());
      }
    }
  }

  private static void writeHttpStream(JsonGenerator json, PublishFormat.HttpStream stream)
      throws IOException {
    String text = stream.text();
    if (stream.isClose()) {
      json.writeStringField("action", "close");
    } else if (stream.isHint()) {
      json.writeStringField("action", "hint");
    } else if (text != null) {
      json.writeStringField("content", text);
    } else {
      json.writeStringField("content-bin", base64(stream.contentNoCopy()));
    }
  }

  private static void writeHttpResponse(JsonGenerator json, PublishFormat.HttpResponse response)
      throws IOException {
    if (response.isHint()) {
      json.writeStringField("action", "hint");
      return;
    }
    if (response.code() != 200) {
      json.writeNumberField("code", response.code());
    }
    if (!response.reason().isEmpty()) {
      json.writeStringField("reason", response.reason());
    }
    if (!response.headers().isEmpty()) {
      // A list of pairs rather than an object, so that a name may repeat (Set-Cookie).
      json.writeArrayFieldStart("headers");
      for (Map.Entry<String, String> header : response.headers()) {
        json.writeStartArray();
        json.writeString(header.getKey());
        json.writeString(header.getValue());
        json.writeEndArray();
      }
      json.writeEndArray();
    }
    String text = response.text();
    byte[] body = response.bodyNoCopy();
    if (text != null) {
      json.writeStringField("body", text);
    } else if (body.length == 0) {
      json.writeStringField("body", "");
    } else {
      json.writeStringField("body-bin", base64(body));
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
