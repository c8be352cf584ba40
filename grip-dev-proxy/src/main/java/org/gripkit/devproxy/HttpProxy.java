package org.gripkit.devproxy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * GRIP over plain HTTP: forwards a client request to the origin and applies the GRIP
 * instructions of its answer.
 *
 * <pre>
 *   Grip-Hold: stream | response
 *   Grip-Channel: room-a, room-b; prev-id=3      comma-separated, parameters ignored
 *   Grip-Timeout: 55                             response holds, seconds
 *   Grip-Keep-Alive: \n; format=cstring; timeout=20; mode=idle    stream holds
 *   Grip-Status: 404 Not Found                   replaces the answer's status
 * </pre>
 *
 * @see <a href="https://pushpin.org/docs/protocols/grip/">GRIP</a>
 */
final class HttpProxy {
  private static final Logger LOG = Logger.getLogger(HttpProxy.class.getName());
  /** Largest client request body forwarded. */
  static final int MAX_REQUEST_BYTES = 10 << 20;
  /** Largest initial body of a held response read from the origin. */
  static final int MAX_HELD_BODY_BYTES = 1 << 20;
  static final long DEFAULT_TIMEOUT_SECONDS = 55;

  private final DevGripProxy proxy;

  HttpProxy(DevGripProxy proxy) {
    this.proxy = proxy;
  }

  /** Why an answer's GRIP instructions cannot be followed; the message names the header. */
  private static final class InstructException extends Exception {
    private static final long serialVersionUID = 1L;

    InstructException(String message) {
      super(message, null, false, false);
    }
  }

  void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    URI uri = Http.originUri(request);
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_REQUEST_BYTES + 1);
    }
    if (body.length > MAX_REQUEST_BYTES) {
      Http.plain(response, 413, "Request Entity Too Large\n");
      return;
    }
    HttpRequest.BodyPublisher publisher = body.length == 0
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
    HttpRequest forward = proxy.origin.request(uri, Http.clientHeadersForHttp(request))
        .method(request.getMethod(), publisher)
        .build();
    HttpResponse<InputStream> answer = proxy.origin.sendOrAnswer502(
        forward, HttpResponse.BodyHandlers.ofInputStream(), response, "request");
    if (answer == null) {
      return;
    }
    Map<String, List<String>> headers = answer.headers().map();
    List<Map.Entry<String, String>> returned = new ArrayList<>();
    headers.forEach((name, values) -> {
      if (Http.isReturned(name)) {
        values.forEach(v -> returned.add(Map.entry(name, v)));
      }
    });
    String hold = Http.first(headers, "Grip-Hold");
    if (hold == null) {
      passThrough(answer, returned, response);
      return;
    }
    byte[] initial;
    try (InputStream in = answer.body()) {
      initial = in.readNBytes(MAX_HELD_BODY_BYTES);
    }
    try {
      holdRequest(request, response, hold.strip(), answer, returned, initial);
    } catch (InstructException e) {
      LOG.warning(() -> "GRIP instructions from " + uri + " refused: " + e.getMessage());
      Http.plain(response, 502, "Error while proxying to origin.\n");
    }
  }

  private static void passThrough(HttpResponse<InputStream> answer,
      List<Map.Entry<String, String>> headers, HttpServletResponse response) throws IOException {
    response.setStatus(answer.statusCode());
    for (Map.Entry<String, String> h : headers) {
      response.addHeader(h.getKey(), h.getValue());
    }
    String length = Http.first(answer.headers().map(), "Content-Length");
    if (length != null) {
      try {
        response.setContentLengthLong(Long.parseLong(length.strip()));
      } catch (NumberFormatException e) {
        // leave it to the container
      }
    }
    try (InputStream in = answer.body()) {
      OutputStream out = response.getOutputStream();
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        if (in.available() == 0) {
          response.flushBuffer(); // a streamed answer reaches the client as it comes
        }
      }
    }
  }

  private void holdRequest(HttpServletRequest request, HttpServletResponse response,
      String hold, HttpResponse<InputStream> answer, List<Map.Entry<String, String>> headers,
      byte[] body) throws InstructException {
    HttpHold.Mode mode;
    if (hold.equals("response")) {
      mode = HttpHold.Mode.RESPONSE;
    } else if (hold.equals("stream")) {
      mode = HttpHold.Mode.STREAM;
    } else {
      throw new InstructException("Grip-Hold must be set to either 'response' or 'stream'");
    }
    List<String> channels = new ArrayList<>();
    for (String value : answer.headers().allValues("Grip-Channel")) {
      for (Http.Parameters channel : Http.parseList(value)) {
        if (channel.value().isEmpty()) {
          throw new InstructException("failed to parse Grip-Channel");
        }
        channels.add(channel.value());
      }
    }
    if (channels.isEmpty()) {
      throw new InstructException("Grip-Hold without Grip-Channel");
    }
    long timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    String timeout = Http.first(answer.headers().map(), "Grip-Timeout");
    if (timeout != null) {
      timeoutSeconds = integer(timeout, "failed to parse Grip-Timeout");
      if (timeoutSeconds < 0) {
        throw new InstructException("Grip-Timeout has invalid value");
      }
    }
    long timeoutMillis = Math.max(TimeUnit.SECONDS.toMillis(timeoutSeconds),
        proxy.minimumHoldTimeout().toMillis());
    HttpHold.KeepAlive keepAlive = keepAlive(Http.first(answer.headers().map(),
        "Grip-Keep-Alive"));
    int status = answer.statusCode();
    String gripStatus = Http.first(answer.headers().map(), "Grip-Status");
    if (gripStatus != null && !gripStatus.isBlank()) {
      String code = gripStatus.strip().split(" ", 2)[0];
      status = (int) integer(code, "Grip-Status contains invalid status code");
      if (status < 0 || status > 999) {
        throw new InstructException("Grip-Status contains invalid status code");
      }
    }
    AsyncContext async = request.startAsync(request, response);
    new HttpHold(proxy, mode, async, response, channels,
        new HttpHold.Response(status, headers, body), timeoutMillis, keepAlive).start();
  }

  private static HttpHold.@Nullable KeepAlive keepAlive(@Nullable String header)
      throws InstructException {
    if (header == null) {
      return null;
    }
    Http.Parameters p = Http.parse(header);
    if (p.value().isEmpty()) {
      throw new InstructException("Grip-Keep-Alive cannot be empty");
    }
    String mode = p.get("mode");
    boolean interval;
    if (mode == null || mode.isEmpty() || mode.equals("idle")) {
      interval = false;
    } else if (mode.equals("interval")) {
      interval = true;
    } else {
      throw new InstructException("no such Grip-Keep-Alive mode '" + mode + "'");
    }
    long seconds = DEFAULT_TIMEOUT_SECONDS;
    String timeout = p.get("timeout");
    if (timeout != null) {
      seconds = integer(timeout, "failed to parse Grip-Keep-Alive timeout value");
      if (seconds < 0) {
        throw new InstructException("Grip-Keep-Alive timeout has invalid value");
      }
    }
    String format = p.get("format");
    byte[] data;
    if (format == null || format.isEmpty() || format.equals("raw")) {
      data = p.value().getBytes(StandardCharsets.UTF_8);
    } else if (format.equals("cstring")) {
      data = unescape(p.value());
    } else if (format.equals("base64")) {
      try {
        data = Base64.getMimeDecoder().decode(p.value());
      } catch (IllegalArgumentException e) {
        throw new InstructException("failed to parse Grip-Keep-Alive base64 format");
      }
    } else {
      throw new InstructException("no such Grip-Keep-Alive format '" + format + "'");
    }
    // A timeout of 0 would spin; Pushpin's timers treat it as "as soon as possible" too.
    return new HttpHold.KeepAlive(data, Math.max(TimeUnit.SECONDS.toMillis(seconds), 1000),
        interval);
  }

  /** Pushpin's cstring format: backslash escapes {@code \\ \r \n \xHH}. */
  static byte[] unescape(String in) throws InstructException {
    byte[] raw = in.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length);
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (b != '\\') {
        out.write(b);
        continue;
      }
      if (i + 1 >= raw.length) {
        throw new InstructException("failed to parse Grip-Keep-Alive cstring format");
      }
      byte e = raw[++i];
      if (e == '\\') {
        out.write('\\');
      } else if (e == 'r') {
        out.write('\r');
      } else if (e == 'n') {
        out.write('\n');
      } else if (e == 'x' && i + 2 < raw.length
          && Character.digit(raw[i + 1], 16) >= 0 && Character.digit(raw[i + 2], 16) >= 0) {
        out.write(Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
        i += 2;
      } else if (e != 'x') {
        // Pushpin drops an unknown escape
      } else {
        throw new InstructException("failed to parse Grip-Keep-Alive cstring format");
      }
    }
    return out.toByteArray();
  }

  private static long integer(String value, String error) throws InstructException {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new InstructException(error);
    }
  }
}
