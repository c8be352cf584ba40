package org.gripkit.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request a {@link PublishRecorder} received, and what it answered. Immutable.
 *
 * <pre>{@code
 * RecordedPublish publish = recorder.takeRequest();
 * assertThat(publish.path()).isEqualTo("/publish/");
 * assertThat(publish.header("Content-Type")).isEqualTo("application/json");
 * assertThat(publish.items()).extracting(RecordedItem::channel).containsExactly("room-alpha");
 * }</pre>
 */
public final class RecordedPublish {
  private final int sequence;
  private final java.time.Instant receivedAt;
  private final String method;
  private final String path;
  private final Map<String, String> headers;
  private final byte[] body;
  private final List<RecordedItem> items;
  private final int status;
  private final @Nullable String problem;

  RecordedPublish(int sequence, java.time.Instant receivedAt, String method, String path, Map<String, List<String>> headers,
      byte[] body, List<RecordedItem> items, int status, @Nullable String problem) {
    this.sequence = sequence;
    this.receivedAt = receivedAt;
    this.method = method;
    this.path = path;
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> {
      if (!values.isEmpty()) {
        h.putIfAbsent(name, values.get(0));
      }
    });
    this.headers = Collections.unmodifiableMap(h);
    this.body = body.clone();
    this.items = List.copyOf(items);
    this.status = status;
    this.problem = problem;
  }

  /** The number of this request, from 1, in the order the recorder received them. */
  public int sequence() {
    return sequence;
  }

  /** When the request had been read, by the recorder's clock: to check retry delays. */
  public java.time.Instant receivedAt() {
    return receivedAt;
  }

  /** The request method, {@code POST} for a publish. */
  public String method() {
    return method;
  }

  /** The raw path and query, for example {@code /publish/} or {@code /prefix/publish/?a=b}. */
  public String path() {
    return path;
  }

  /** The request headers, first value of each, looked up ignoring case. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The request header of that name (any case), or null. */
  public @Nullable String header(String name) {
    Objects.requireNonNull(name, "name == null");
    return headers.get(name);
  }

  /** A copy of the request body. */
  public byte[] body() {
    return body.clone();
  }

  /** The request body as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The items of the body; empty when it did not read as a publish. */
  public List<RecordedItem> items() {
    return items;
  }

  /** The status the recorder answered, or -1 when it dropped the connection. */
  public int status() {
    return status;
  }

  /** Whether the recorder took the publish: answered 2xx to a body that reads as a publish. */
  public boolean isAccepted() {
    return status >= 200 && status < 300 && problem == null;
  }

  /**
   * Why the recorder refused or could not read the publish (the text of its 400, 401, 404 or
   * 405 answer, without the final newline), or null.
   */
  public @Nullable String problem() {
    return problem;
  }

  @Override
  public String toString() {
    return "RecordedPublish#" + sequence + "[" + method + " " + path + " -> " + status
        + (problem == null ? "" : " (" + problem + ")") + ", \"" + Wire.show(body, 200) + "\"]";
  }
}
