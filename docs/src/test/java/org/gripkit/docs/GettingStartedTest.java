package org.gripkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.gripkit.WebSocketEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The getting-started page's EchoApp and EchoServlet, on embedded Jetty, over real HTTP. */
class GettingStartedTest {
  private static JettyApp app;

  @BeforeAll
  static void start() throws Exception {
    app = new JettyApp().listener(new EchoApp()).start();
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  @Test
  void openingRequestIsAcceptedWithTheGripExtensionAndSubscribedToNews() throws Exception {
    HttpResponse<byte[]> response = Wire.post(app.uri("/ws/echo"), "c1", List.of(Wire.open()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/websocket-events");
    assertThat(response.headers().firstValue("Sec-WebSocket-Extensions")).hasValue("grip");
    assertThat(Wire.events(response)).containsExactly(
        new WebSocketEvent.Open(),
        new WebSocketEvent.Text("c:{\"type\":\"subscribe\",\"channel\":\"news\"}"));
  }

  @Test
  void textMessagesAreEchoedWithTheMessagePrefix() throws Exception {
    HttpResponse<byte[]> response = Wire.post(app.uri("/ws/echo"), "c2",
        List.of(Wire.text("hi"), Wire.text("there")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Wire.events(response)).containsExactly(
        new WebSocketEvent.Text("m:echo: hi"), new WebSocketEvent.Text("m:echo: there"));
  }

  @Test
  void plainPostIsNotAWebSocketRequest() throws Exception {
    HttpResponse<String> response = Wire.HTTP.send(
        java.net.http.HttpRequest.newBuilder(app.uri("/ws/echo"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(415);
  }

  @Test
  void malformedBodyIsRefusedByTheFilterWithTheDecodersReason() throws Exception {
    HttpResponse<String> response = Wire.HTTP.send(
        java.net.http.HttpRequest.newBuilder(app.uri("/ws/echo"))
            .header("Content-Type", "application/websocket-events")
            .header("Connection-Id", "c3")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("TEXT 5\r\nhi\r\n")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo("{\"error\":\"event size 5 exceeds the 4 bytes left in the body at offset 8\"}");
  }
}
