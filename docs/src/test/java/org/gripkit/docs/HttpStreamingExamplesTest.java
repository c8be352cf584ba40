package org.gripkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.gripkit.GripConfig;
import org.gripkit.GripPublisher;
import org.junit.jupiter.api.Test;

/** The HTTP streaming page: the hold instructions the servlets answer with, and the publishes. */
class HttpStreamingExamplesTest {
  @Test
  void streamServletAnswersWithAStreamHoldAndTheFirstBytes() throws Exception {
    try (JettyApp app = new JettyApp().servlet(new NewsStreamServlet(), "/news/stream").start()) {
      HttpResponse<String> response = Wire.get(app.uri("/news/stream"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
      assertThat(response.headers().firstValue("Grip-Hold")).hasValue("stream");
      assertThat(response.headers().firstValue("Grip-Channel")).hasValue("news");
      assertThat(response.headers().firstValue("Grip-Keep-Alive"))
          .hasValue(": keep-alive\\n\\n; format=cstring; timeout=20");
      assertThat(response.body()).isEqualTo(": connected\n\n");
    }
  }

  @Test
  void inboxServletAnswersWithAResponseHoldAndItsTimeoutBody() throws Exception {
    try (JettyApp app = new JettyApp().servlet(new InboxServlet(), "/inbox").start()) {
      HttpResponse<String> response = Wire.get(app.uri("/inbox?user=alice"));

      assertThat(response.headers().firstValue("Grip-Hold")).hasValue("response");
      assertThat(response.headers().firstValue("Grip-Channel")).hasValue("inbox-alice");
      assertThat(response.headers().firstValue("Grip-Timeout")).hasValue("30");
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(response.body()).isEqualTo("{\"messages\":[]}");
    }
  }

  @Test
  void publishesUseTheStreamAndResponseFormats() throws Exception {
    try (PublishEndpoint endpoint = new PublishEndpoint();
        GripPublisher publisher = GripPublisher.builder(GripConfig.parse(endpoint.gripUrl("k")))
            .build()) {
      StreamingExamples.publishHeadline(publisher, "{\"t\":1}");
      StreamingExamples.endStreams(publisher);
      StreamingExamples.deliver(publisher, "alice", "\"hi\"");

      assertThat(endpoint.take().body()).isEqualTo("{\"items\":[{\"channel\":\"news\","
          + "\"formats\":{\"http-stream\":{\"content\":\"data: {\\\"t\\\":1}\\n\\n\"}}}]}");
      assertThat(endpoint.take().body()).isEqualTo("{\"items\":[{\"channel\":\"news\","
          + "\"formats\":{\"http-stream\":{\"action\":\"close\"}}}]}");
      assertThat(endpoint.take().body()).isEqualTo("{\"items\":[{\"channel\":\"inbox-alice\","
          + "\"formats\":{\"http-response\":{\"headers\":[[\"Content-Type\",\"application/json\"]],"
          + "\"body\":\"{\\\"messages\\\":[\\\"hi\\\"]}\"}}}]}");
    }
  }
}
