package org.gripkit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Checks that an origin under test answers what WORKLOADS.md expects, so that two origins
 * measured side by side do the same work. Sends {@code open.bin} and {@code text-07.bin} with
 * the driver's headers and prints
 *
 * <pre>
 *   origin.check target=NAME open=exact|same_json_key_order_differs|WRONG text=exact|WRONG headers=ok|WRONG
 * </pre>
 *
 * <p>{@code same_json_key_order_differs}: the same events and byte counts, control messages
 * equal as JSON but with keys in another order (gripkit writes {@code type} first).
 *
 * <pre>
 *   java -cp benchmarks.jar org.gripkit.bench.OriginCheck URL NAME
 * </pre>
 */
public final class OriginCheck {
  static final String EXPECTED_OPEN = "OPEN\r\n"
      + "TEXT 2d\r\nc:{\"channel\":\"room-bench\",\"type\":\"subscribe\"}\r\n"
      + "TEXT 33\r\nc:{\"content\":\"{}\",\"timeout\":20,\"type\":\"keep-alive\"}\r\n";
  static final String EXPECTED_TEXT_07 = "TEXT 18\r\nm:{\"type\":\"ack\",\"seq\":7}\r\n";

  private static final ObjectMapper JSON = new ObjectMapper();

  private OriginCheck() {}

  /** Returns true when every answer is what the benchmark needs (key order aside). */
  static boolean check(URI url, String name, Consumer<String> out)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<byte[]> open = post(client, url, Workloads.openRequest(), true);
    HttpResponse<byte[]> text = post(client, url, Workloads.textRequest(7), false);
    String openBody = new String(open.body(), StandardCharsets.UTF_8);
    String openVerdict = open.statusCode() != 200 ? "WRONG_status_" + open.statusCode()
        : openBody.equals(EXPECTED_OPEN) ? "exact"
        : sameEvents(openBody, EXPECTED_OPEN) ? "same_json_key_order_differs"
        : "WRONG";
    String textBody = new String(text.body(), StandardCharsets.UTF_8);
    String textVerdict = text.statusCode() != 200 ? "WRONG_status_" + text.statusCode()
        : textBody.equals(EXPECTED_TEXT_07) ? "exact" : "WRONG";
    boolean headersOk =
        open.headers().firstValue("Content-Type").orElse("").equals("application/websocket-events")
        && text.headers().firstValue("Content-Type").orElse("")
            .equals("application/websocket-events")
        && open.headers().firstValue("Sec-WebSocket-Extensions").orElse("").equals("grip");
    out.accept(Line.of("origin.check").add("target", name).add("open", openVerdict)
        .add("text", textVerdict).add("headers", headersOk ? "ok" : "WRONG").toString());
    if (!openVerdict.startsWith("exact") && !openVerdict.startsWith("same")) {
      System.err.println("OPEN answer of " + name + ": " + openBody.replace("\r\n", "\\r\\n"));
    }
    if (!textVerdict.equals("exact")) {
      System.err.println("TEXT answer of " + name + ": " + textBody.replace("\r\n", "\\r\\n"));
    }
    return headersOk && textVerdict.equals("exact")
        && (openVerdict.equals("exact") || openVerdict.equals("same_json_key_order_differs"));
  }

  private static HttpResponse<byte[]> post(HttpClient client, URI url, byte[] body,
      boolean opening) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/websocket-events")
        .header("Accept", "application/websocket-events")
        .header("Connection-Id", "bench-check-" + (opening ? 0 : 7))
        .header("Grip-Sig", Workloads.gripSig())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (opening) {
      request.header("Sec-WebSocket-Extensions", "grip");
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Same event lines, and control messages equal as JSON objects. */
  private static boolean sameEvents(String actual, String expected) throws IOException {
    List<String> a = List.of(actual.split("\r\n", -1));
    List<String> e = List.of(expected.split("\r\n", -1));
    if (a.size() != e.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      String x = a.get(i);
      String y = e.get(i);
      if (x.startsWith("c:") && y.startsWith("c:")) {
        if (!JSON.readTree(x.substring(2)).equals(JSON.readTree(y.substring(2)))
            || x.length() != y.length()) {
          return false;
        }
      } else if (!x.equals(y)) {
        return false;
      }
    }
    return true;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: OriginCheck URL NAME");
      System.exit(2);
    }
    System.exit(check(URI.create(args[0]), args[1], System.out::println) ? 0 : 1);
  }
}
