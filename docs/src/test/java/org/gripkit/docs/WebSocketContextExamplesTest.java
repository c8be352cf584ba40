package org.gripkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.gripkit.GripConfig;
import org.gripkit.GripPublisher;
import org.gripkit.GripSigVerifier;
import org.gripkit.WebSocketEvent;
import org.gripkit.servlet.GripFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The WebSocket context page: ChatServlet behind GripFilter, PlainHttpEcho on the JDK server. */
class WebSocketContextExamplesTest {
  private static final byte[] KEY = "docs-test-key".getBytes(StandardCharsets.UTF_8);
  private static PublishEndpoint endpoint;
  private static GripPublisher publisher;
  private static JettyApp app;
  private static HttpServer plain;

  @BeforeAll
  static void start() throws Exception {
    endpoint = new PublishEndpoint();
    publisher = GripPublisher.builder(GripConfig.parse(endpoint.gripUrl("k"))).build();
    app = new JettyApp()
        .filter(new GripFilter(GripFilter.Settings.of(GripConfig.builder().signatureOptional().build())), "/*")
        .servlet(new ChatServlet(publisher), "/chat")
        .start();
    GripSigVerifier verifier = GripSigVerifier.of(GripConfig.builder()
        .verifyKey(new String(KEY, StandardCharsets.UTF_8)).verifyIssuer("pushpin").build());
    plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    plain.createContext("/echo", new PlainHttpEcho(verifier));
    plain.start();
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
    publisher.close();
    endpoint.close();
    plain.stop(0);
  }

  @Test
  void openingBindsTheUserSubscribesAsksForKeepAlivesAndWelcomes() throws Exception {
    HttpResponse<byte[]> response =
        Wire.post(app.uri("/chat?user=alice"), "c1", List.of(Wire.open()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Set-Meta-user")).hasValue("alice");
    assertThat(Wire.events(response)).containsExactly(
        new WebSocketEvent.Open(),
        new WebSocketEvent.Text("c:{\"type\":\"set-meta\",\"name\":\"user\",\"value\":\"alice\"}"),
        new WebSocketEvent.Text("c:{\"type\":\"subscribe\",\"channel\":\"chat\"}"),
        new WebSocketEvent.Text(
            "c:{\"type\":\"keep-alive\",\"content\":\"{}\",\"timeout\":25}"),
        new WebSocketEvent.Text("m:{\"welcome\":\"alice\"}"));
  }

  @Test
  void openingWithoutAValidUserIsRejectedWith400() throws Exception {
    HttpResponse<byte[]> response =
        Wire.post(app.uri("/chat?user=Robert%27);"), "c2", List.of(Wire.open()));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Wire.text(response)).isEqualTo("user must be 1 to 16 letters a-z");
  }

  @Test
  void messageIsPublishedToTheRoomUnderTheUserFromMeta() throws Exception {
    HttpResponse<byte[]> response = Wire.post(app.uri("/chat"), "c3",
        List.of(Wire.text("hello")), "Meta-User", "bob");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Wire.events(response)).isEmpty();
    assertThat(endpoint.take().body()).isEqualTo("{\"items\":[{\"channel\":\"chat\","
        + "\"formats\":{\"ws-message\":{\"content\":\"bob: hello\"}}}]}");
  }

  @Test
  void binaryMessageClosesTheConnection() throws Exception {
    HttpResponse<byte[]> response = Wire.post(app.uri("/chat"), "c4",
        List.of(new WebSocketEvent.Binary(new byte[] {1, 2})), "Meta-User", "bob");

    assertThat(Wire.events(response))
        .containsExactly(new WebSocketEvent.Close(1003, "text messages only"));
  }

  @Test
  void plainJdkServerEchoesSignedRequests() throws Exception {
    String sig = Tokens.hs256("pushpin", Instant.now().plusSeconds(3600), KEY);
    HttpResponse<byte[]> response = Wire.post(plainUri(), "c5",
        List.of(Wire.open(), Wire.text("ping me")), "Grip-Sig", sig);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/websocket-events");
    assertThat(Wire.events(response)).containsExactly(
        new WebSocketEvent.Open(), new WebSocketEvent.Text("m:ping me"));
  }

  @Test
  void plainJdkServerRefusesUnsignedAndMalformedRequests() throws Exception {
    assertThat(Wire.post(plainUri(), "c6", List.of(Wire.open())).statusCode()).isEqualTo(403);

    String sig = Tokens.hs256("pushpin", Instant.now().plusSeconds(3600), KEY);
    HttpResponse<String> malformed = Wire.HTTP.send(
        java.net.http.HttpRequest.newBuilder(plainUri())
            .header("Content-Type", "application/websocket-events")
            .header("Connection-Id", "c7")
            .header("Grip-Sig", sig)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("HELLO\r\n")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).isEqualTo("unknown event type \"HELLO\" at offset 0");
  }

  private static URI plainUri() {
    return URI.create("http://127.0.0.1:" + plain.getAddress().getPort() + "/echo");
  }
}
