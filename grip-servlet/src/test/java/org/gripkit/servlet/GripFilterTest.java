package org.gripkit.servlet;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gripkit.GripConfig;
import org.gripkit.WebSocketContext;
import org.gripkit.WebSocketEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link GripFilter} on a real embedded Jetty 12, over real HTTP. */
class GripFilterTest {
  /** HS256, key "changeme", {"iss":"pushpin","exp":4102444800} (CASES.md BH-14). */
  private static final String VALID_SIG = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
      + "eyJpc3MiOiJwdXNocGluIiwiZXhwIjo0MTAyNDQ0ODAwfQ."
      + "6PB-xF70HXxoGO1kyMRzPuLZmg-JFEl8CHkuuipJLYE";
  /** The same claims signed with "not-the-key". */
  private static final String FORGED_SIG = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
      + "eyJpc3MiOiJwdXNocGluIiwiZXhwIjo0MTAyNDQ0ODAwfQ."
      + "Azcwl-2EZGi-6NFupiq6TZJlzhsGncQK_Cw7dfg4uSk";
  /** Key "changeme", exp 1000000000 (2001). */
  private static final String EXPIRED_SIG = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
      + "eyJpc3MiOiJwdXNocGluIiwiZXhwIjoxMDAwMDAwMDAwfQ."
      + "llElC5pSaqqB3va8O4C97Fh_KWEExNpRPC7oXLogKlE";

  private static final AtomicInteger servletCalls = new AtomicInteger();
  private static TestServer signed;
  private static TestServer open;
  private static TestServer bare;
  private static final HttpClient client = HttpClient.newHttpClient();

  /** Accepts, subscribes, echoes each text, and says whether the request was proxied. */
  static final class EchoServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
      servletCalls.incrementAndGet();
      WebSocketContext ws = Grip.webSocket(req);
      if (ws == null) {
        resp.setStatus(415);
        return;
      }
      if (ws.isOpening()) {
        ws.accept();
        ws.subscribe("room-a");
      }
      for (WebSocketEvent e = ws.receive(); e != null; e = ws.receive()) {
        if (e instanceof WebSocketEvent.Text t) {
          ws.send(t.content() + (Grip.isProxied(req) ? " (proxied)" : " (direct)"));
        }
      }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain; charset=utf-8");
      resp.setHeader("X-Proxied", String.valueOf(Grip.isProxied(req)));
      resp.getWriter().write("plain " + req.getQueryString());
    }
  }

  /** Sets status 204 and a charset, as frameworks do, then lets the filter answer. */
  static final class FrameworkStyleServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
      resp.setCharacterEncoding("UTF-8");
      resp.setHeader("Keep-Alive-Interval", "20");
      WebSocketContext ws = Grip.webSocket(req);
      ws.receive();
      ws.send("ok");
      resp.setStatus(204);
    }
  }

  /** Answers from another thread. */
  static final class AsyncServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
      AsyncContext async = req.startAsync();
      CompletableFuture.runAsync(() -> {
        Grip.webSocket(req).send("later");
        async.complete();
      }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
    }
  }

  /** Answers after an async dispatch back to itself. */
  static final class DispatchingServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
      if (req.getAttribute("dispatched") == null) {
        req.setAttribute("dispatched", true);
        AsyncContext async = req.startAsync();
        CompletableFuture.runAsync(async::dispatch,
            CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        return;
      }
      Grip.webSocket(req).send("dispatched");
    }
  }

  /** Writes a response of its own. */
  static final class OwnResponseServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      Grip.webSocket(req).send("never sent");
      resp.setStatus(409);
      resp.setContentType("text/plain");
      resp.getOutputStream().write("mine".getBytes(UTF_8));
    }
  }

  @BeforeAll
  static void start() throws Exception {
    GripConfig required = GripConfig.builder()
        .verifyKey("changeme").verifyIssuer("pushpin").requireSignature().build();
    signed = new TestServer()
        .filter(new GripFilter(GripFilter.Settings.of(required).withMaxBodyBytes(1024)), "/*")
        .servlet(new EchoServlet(), "/echo").start();
    GripConfig optional = GripConfig.builder().verifyKey("changeme").signatureOptional().build();
    open = new TestServer()
        .filter(new GripFilter(GripFilter.Settings.of(optional)), "/*")
        .servlet(new EchoServlet(), "/echo")
        .servlet(new FrameworkStyleServlet(), "/framework")
        .servlet(new AsyncServlet(), "/async")
        .servlet(new DispatchingServlet(), "/dispatch")
        .servlet(new OwnResponseServlet(), "/own")
        .start();
    bare = new TestServer().servlet(new EchoServlet(), "/echo").start();
  }

  @AfterAll
  static void stop() throws Exception {
    signed.close();
    open.close();
    bare.close();
  }

  private static HttpResponse<byte[]> post(TestServer server, String path, String body,
      String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
        .header("Content-Type", "application/websocket-events")
        .header("Connection-Id", "c-1")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(ISO_8859_1)));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), UTF_8);
  }

  @Test
  void signedRequestReachesTheServletAsProxied() throws Exception {
    HttpResponse<byte[]> response =
        post(signed, "/echo", "OPEN\r\nTEXT 2\r\nhi\r\n", "Grip-Sig", VALID_SIG);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("Content-Type"))
        .containsExactly("application/websocket-events");
    assertThat(response.headers().firstValue("Sec-WebSocket-Extensions")).hasValue("grip");
    assertThat(text(response)).isEqualTo("OPEN\r\n"
        + "TEXT 29\r\nc:{\"type\":\"subscribe\",\"channel\":\"room-a\"}\r\n"
        + "TEXT e\r\nm:hi (proxied)\r\n");
  }

  @Test
  void unsignedRequestIsRefusedAndNeverReachesTheServlet() throws Exception {
    int before = servletCalls.get();
    HttpResponse<byte[]> response = post(signed, "/echo", "OPEN\r\n");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(text(response)).isEqualTo("{\"error\":\"missing or invalid Grip-Sig\"}");
    assertThat(servletCalls.get()).isEqualTo(before);
  }

  @Test
  void forgedSignatureIsRefused() throws Exception {
    HttpResponse<byte[]> response = post(signed, "/echo", "OPEN\r\n", "Grip-Sig", FORGED_SIG);
    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void expiredSignatureIsRefused() throws Exception {
    HttpResponse<byte[]> response = post(signed, "/echo", "OPEN\r\n", "Grip-Sig", EXPIRED_SIG);
    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void signatureRequiredAppliesToPlainRequestsToo() throws Exception {
    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(signed.uri("/echo?x=1")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void unsignedRequestIsServedAsDirectWhenSignatureIsOptional() throws Exception {
    HttpResponse<byte[]> response = post(open, "/echo", "TEXT 2\r\nhi\r\n");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(text(response)).isEqualTo("TEXT d\r\nm:hi (direct)\r\n");
  }

  @Test
  void settingsRequireASignatureUnlessToldOtherwise() {
    Map<String, String> keyed = Map.of("grip-url", "http://localhost:5561/?iss=pushpin&key=k");
    assertThat(GripFilter.Settings.fromInitParameters(keyed::get, name -> null)
        .config().requireSignature()).isTrue();
    Map<String, String> lenient = Map.of("grip-url", "http://localhost:5561/?iss=pushpin&key=k",
        "grip-require-signature", "false");
    assertThat(GripFilter.Settings.fromInitParameters(lenient::get, name -> null)
        .config().requireSignature()).isFalse();
  }

  @Test
  void settingsWithoutAnyKeyFailUnlessSignaturesAreOptional() {
    Map<String, String> keyless = Map.of("grip-url", "http://localhost:5561/");
    assertThatThrownBy(() -> GripFilter.Settings.fromInitParameters(keyless::get, name -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("GRIP config: no verify key, so no Grip-Sig can be checked");
    assertThatThrownBy(() -> GripFilter.Settings.fromInitParameters(name -> null, name -> null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(GripFilter.Settings.fromInitParameters(name -> null,
        Map.of("GRIP_REQUIRE_SIGNATURE", "false")::get).config().canVerify()).isFalse();
  }

  @Test
  void malformedBodyIsRefusedWithTheDecodersReason() throws Exception {
    int before = servletCalls.get();
    HttpResponse<byte[]> response =
        post(signed, "/echo", "TEXT 5\r\nhi\r\n", "Grip-Sig", VALID_SIG);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(text(response)).isEqualTo(
        "{\"error\":\"event size 5 exceeds the 4 bytes left in the body at offset 8\"}");
    assertThat(servletCalls.get()).isEqualTo(before);
  }

  @Test
  void theListenerHearsSignatureChecksAndBodiesThatCannotBeDecoded() throws Exception {
    java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    org.gripkit.GripListener listener = new org.gripkit.GripListener() {
      @Override
      public void signatureChecked(boolean valid, String reason) {
        heard.add("signature " + reason);
      }

      @Override
      public void decodeFailed(org.gripkit.WebSocketProtocolException error) {
        heard.add("decode " + error.reason());
        throw new IllegalStateException("a broken listener changes nothing");
      }
    };
    GripConfig optional = GripConfig.builder().verifyKey("changeme").signatureOptional().build();
    try (TestServer server = new TestServer()
        .filter(new GripFilter(GripFilter.Settings.of(optional).withListener(listener)), "/*")
        .servlet(new EchoServlet(), "/echo").start()) {
      HttpResponse<byte[]> response = post(server, "/echo", "TEXT 5\r\nhi\r\n");
      assertThat(response.statusCode()).isEqualTo(400);
    }
    assertThat(heard).containsExactly("signature missing",
        "decode event size 5 exceeds the 4 bytes left in the body");
  }

  @Test
  void oversizedBodyIsRefusedWith413() throws Exception {
    String big = "TEXT 400\r\n" + "x".repeat(0x400) + "\r\n";
    HttpResponse<byte[]> response = post(signed, "/echo", big, "Grip-Sig", VALID_SIG);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(text(response))
        .isEqualTo("{\"error\":\"body of 1036 bytes exceeds the limit of 1024 bytes\"}");
  }

  @Test
  void oversizedChunkedBodyIsRefusedWith413() throws Exception {
    String big = "TEXT 400\r\n" + "x".repeat(0x400) + "\r\n";
    HttpRequest request = HttpRequest.newBuilder(signed.uri("/echo"))
        .header("Content-Type", "application/websocket-events")
        .header("Connection-Id", "c-1")
        .header("Grip-Sig", VALID_SIG)
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(big.getBytes(ISO_8859_1))))
        .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).isEqualTo("{\"error\":\"body exceeds the limit of 1024 bytes\"}");
  }

  @Test
  void status204AndCharsetSetByTheServletStillGiveAnExactWebSocketAnswer() throws Exception {
    // CASES.md BH-07 and BH-08
    HttpResponse<byte[]> response = post(open, "/framework", "TEXT 2\r\nhi\r\n");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("Content-Type"))
        .containsExactly("application/websocket-events");
    assertThat(response.headers().firstValue("Keep-Alive-Interval")).hasValue("20");
    assertThat(text(response)).isEqualTo("TEXT 4\r\nm:ok\r\n");
  }

  @Test
  void keepAliveRequestWithEmptyBodyGets200() throws Exception {
    HttpResponse<byte[]> response = post(open, "/echo", "");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("Content-Type"))
        .containsExactly("application/websocket-events");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void asynchronousServletIsAnsweredWhenItCompletes() throws Exception {
    HttpResponse<byte[]> response = post(open, "/async", "TEXT 2\r\nhi\r\n");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(text(response)).isEqualTo("TEXT 7\r\nm:later\r\n");
  }

  @Test
  void asyncDispatchIsAnsweredAfterTheDispatchedServlet() throws Exception {
    HttpResponse<byte[]> response = post(open, "/dispatch", "TEXT 2\r\nhi\r\n");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(text(response)).isEqualTo("TEXT c\r\nm:dispatched\r\n");
  }

  @Test
  void servletsOwnResponseIsLeftAlone() throws Exception {
    HttpResponse<byte[]> response = post(open, "/own", "TEXT 2\r\nhi\r\n");
    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(text(response)).isEqualTo("mine");
  }

  @Test
  void nonGripRequestsAreByteForByteTheSameWithoutTheFilter() throws Exception {
    String request = "GET /echo?q=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    assertThat(withoutDate(raw(open, request))).isEqualTo(withoutDate(raw(bare, request)));
    String post = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
    assertThat(withoutDate(raw(open, post))).isEqualTo(withoutDate(raw(bare, post)));
  }

  private static String raw(TestServer server, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return bytes.toString(ISO_8859_1);
    }
  }

  private static String withoutDate(String response) {
    return response.replaceAll("(?m)^Date: .*\r\n", "");
  }
}
