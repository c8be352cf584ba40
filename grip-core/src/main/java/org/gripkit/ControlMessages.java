package org.gripkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of Pushpin's WebSocket control messages ({@code c:} messages of the grip
 * extension). Keys are written in a fixed order, {@code type} first; Pushpin ignores a
 * malformed control message silently, so every message here is checked before it is built.
 *
 * @see <a href="https://pushpin.org/docs/protocols/grip/#websocket">GRIP WebSocket control</a>
 */
final class ControlMessages {
  private static final JsonFactory JSON = new JsonFactory();

  private ControlMessages() {}

  static String subscribe(String channel, List<ChannelFilter> filters) {
    return write(g -> {
      g.writeStringField("type", "subscribe");
      g.writeStringField("channel", channel);
      if (!filters.isEmpty()) {
        g.writeArrayFieldStart("filters");
        for (ChannelFilter filter : filters) {
          g.writeString(filter.wireName());
        }
        g.writeEndArray();
      }
    });
  }

  static String unsubscribe(String channel) {
    return write(g -> {
      g.writeStringField("type", "unsubscribe");
      g.writeStringField("channel", channel);
    });
  }

  /**
   * Sets (or, with a null value, removes) the meta that the proxy's publish filters see for this
   * connection. It is not the meta of {@code Set-Meta-*} headers, which the proxy echoes back as
   * {@code Meta-*} request headers: Pushpin keeps the two apart.
   */
  static String setMeta(String name, @Nullable String value) {
    return write(g -> {
      g.writeStringField("type", "set-meta");
      g.writeStringField("name", name);
      if (value != null) {
        g.writeStringField("value", value);
      }
    });
  }

  static String detach() {
    return write(g -> g.writeStringField("type", "detach"));
  }

  static String session(String id) {
    return write(g -> {
      g.writeStringField("type", "session");
      g.writeStringField("id", id);
    });
  }

  static String keepAlive(WebSocketKeepAlive keepAlive) {
    return write(g -> {
      g.writeStringField("type", "keep-alive");
      if (keepAlive.messageType() != WebSocketMessageType.TEXT) {
        g.writeStringField("message-type", keepAlive.messageType().wireName());
      }
      writeContent(g, keepAlive.content(), keepAlive.binaryContent());
      g.writeNumberField("timeout", keepAlive.timeout().getSeconds());
      if (keepAlive.mode() != null) {
        g.writeStringField("mode", keepAlive.mode().wireName());
      }
    });
  }

  /** A keep-alive without content: Pushpin stops sending keep-alives. */
  static String keepAliveOff() {
    return write(g -> g.writeStringField("type", "keep-alive"));
  }

  static String sendDelayed(WebSocketMessageType type, byte[] content, boolean binary,
      long timeoutSeconds) {
    return write(g -> {
      g.writeStringField("type", "send-delayed");
      if (type != WebSocketMessageType.TEXT) {
        g.writeStringField("message-type", type.wireName());
      }
      writeContent(g, content, binary);
      g.writeNumberField("timeout", timeoutSeconds);
    });
  }

  static String flushDelayed() {
    return write(g -> g.writeStringField("type", "flush-delayed"));
  }

  private static void writeContent(JsonGenerator g, byte[] content, boolean binary)
      throws IOException {
    if (binary) {
      g.writeStringField("content-bin", Base64.getEncoder().encodeToString(content));
    } else {
      g.writeStringField("content", new String(content, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Body body) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }
}
