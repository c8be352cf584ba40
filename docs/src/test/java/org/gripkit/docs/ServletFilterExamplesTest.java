package org.gripkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import org.gripkit.WebSocketEvent;
import org.junit.jupiter.api.Test;

/** The servlet filter page's registrations and the asynchronous servlet, on embedded Jetty. */
class ServletFilterExamplesTest {
  private static final byte[] KEY = "filter-page-key".getBytes(StandardCharsets.UTF_8);
  private static final String GRIP_URL = "http://127.0.0.1:5561/?iss=pushpin&key=filter-page-key";

  /** A context whose listener registers the filter as the page shows, plus AsyncEchoServlet. */
  private static JettyApp appWith(BiConsumer<jakarta.servlet.ServletContext, String> register,
      ExecutorService workers) {
    return new JettyApp().listener(new ServletContextListener() {
      @Override
      public void contextInitialized(ServletContextEvent event) {
        register.accept(event.getServletContext(), GRIP_URL);
        jakarta.servlet.ServletRegistration.Dynamic async =
            event.getServletContext().addServlet("async", new AsyncEchoServlet(workers));
        async.setAsyncSupported(true);
        async.addMapping("/ws/*");
      }
    });
  }

  @Test
  void settingsRegistrationVerifiesLimitsAndAnswersAsynchronously() throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(2);
    try (JettyApp app = appWith(FilterSetup::withSettings, workers).start()) {
      String sig = Tokens.hs256("pushpin", Instant.now().plusSeconds(60), KEY);

      HttpResponse<byte[]> echoed = Wire.post(app.uri("/ws/x"), "c1",
          List.of(Wire.open(), Wire.text("loud")), "Grip-Sig", sig);
      assertThat(echoed.statusCode()).isEqualTo(200);
      assertThat(Wire.events(echoed))
          .containsExactly(new WebSocketEvent.Open(), new WebSocketEvent.Text("m:LOUD"));

      assertThat(Wire.post(app.uri("/ws/x"), "c1", List.of(Wire.text("x"))).statusCode())
          .isEqualTo(403);

      HttpResponse<String> tooLarge = Wire.HTTP.send(HttpRequest.newBuilder(app.uri("/ws/x"))
              .header("Content-Type", "application/websocket-events")
              .header("Connection-Id", "c2")
              .header("Grip-Sig", sig)
              .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[256 * 1024 + 1])).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      assertThat(tooLarge.body()).isEqualTo(
          "{\"error\":\"body of 262145 bytes exceeds the limit of 262144 bytes\"}");
    } finally {
      workers.shutdownNow();
    }
  }

  @Test
  void initParameterRegistrationRequiresTheSignatureToo() throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(2);
    try (JettyApp app = appWith(FilterSetup::withInitParameters, workers).start()) {
      String sig = Tokens.hs256("pushpin", Instant.now().plusSeconds(60), KEY);

      assertThat(Wire.post(app.uri("/ws/x"), "c1", List.of(Wire.open()), "Grip-Sig", sig)
          .statusCode()).isEqualTo(200);
      assertThat(Wire.post(app.uri("/ws/x"), "c1", List.of(Wire.open())).statusCode())
          .isEqualTo(403);
    } finally {
      workers.shutdownNow();
    }
  }
}
