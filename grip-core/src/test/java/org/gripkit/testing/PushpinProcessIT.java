package org.gripkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@RequiresPushpin
class PushpinProcessIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  private final TestOrigin origin = TestOrigin.start();
  private final TestOrigin otherOrigin = TestOrigin.start();

  @AfterEach
  void stopOrigins() {
    origin.close();
    otherOrigin.close();
    origin.assertNoHandlerFailures();
    otherOrigin.assertNoHandlerFailures();
  }

  @Test
  void httpGetThroughPushpinReachesTheOriginAndComesBack() throws Exception {
    origin.handle("/hello", request -> TestOrigin.Response.status(200)
        .header("Content-Type", "text/plain")
        .header("X-Origin", "yes")
        .body("héllo from the origin"));
    try (PushpinProcess pushpin = PushpinProcess.builder().httpRoute(origin.port()).start()) {
      HttpResponse<byte[]> response = HTTP.send(
          HttpRequest.newBuilder(pushpin.httpUri("/hello?x=1")).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofByteArray());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Origin")).contains("yes");
      assertThat(new String(response.body(), StandardCharsets.UTF_8))
          .isEqualTo("héllo from the origin");
      TestOrigin.Request request = origin.takeRequest(TIMEOUT);
      assertThat(request.method()).isEqualTo("GET");
      assertThat(request.uri()).isEqualTo("/hello?x=1");
      assertThat(request.header("Grip-Sig")).isNotBlank();
    }
  }

  @Test
  void publishOfNoItemsAnswers200Published() throws Exception {
    try (PushpinProcess pushpin = PushpinProcess.builder().overHttpRoute(origin.port()).start()) {
      HttpResponse<String> published = pushpin.publish("{\"items\":[]}");
      assertThat(published.statusCode()).isEqualTo(200);
      assertThat(published.headers().firstValue("Content-Type")).contains("text/plain");
      assertThat(published.body()).isEqualTo("Published\n");

      HttpResponse<String> noItems = pushpin.publish("{}");
      assertThat(noItems.statusCode()).isEqualTo(400);
      assertThat(noItems.headers().firstValue("Content-Type")).contains("text/plain");

      HttpResponse<String> get = HTTP.send(
          HttpRequest.newBuilder(pushpin.publishUri()).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void twoPushpinsRunAtOnceEachInFrontOfItsOwnOrigin() throws Exception {
    origin.handle("/", request -> TestOrigin.Response.status(200).body("first"));
    otherOrigin.handle("/", request -> TestOrigin.Response.status(200).body("second"));
    try (PushpinProcess first = PushpinProcess.builder().overHttpRoute(origin.port()).start();
        PushpinProcess second = PushpinProcess.builder().overHttpRoute(otherOrigin.port()).start()) {
      assertThat(List.of(second.clientPort(), second.publishPort()))
          .doesNotContain(first.clientPort(), first.publishPort());

      assertThat(get(first, "/")).isEqualTo("first");
      assertThat(get(second, "/")).isEqualTo("second");
      assertThat(first.publish("{\"items\":[]}").statusCode()).isEqualTo(200);
      assertThat(second.publish("{\"items\":[]}").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void startsAgainOnThePortsOfAStoppedInstance() throws Exception {
    origin.handle("/", request -> TestOrigin.Response.status(200).body("again"));
    PushpinProcess first = PushpinProcess.builder().overHttpRoute(origin.port()).start();
    int clientPort = first.clientPort();
    int publishPort = first.publishPort();
    first.close();

    try (PushpinProcess second = PushpinProcess.builder().overHttpRoute(origin.port())
        .clientPort(clientPort).publishPort(publishPort).start()) {
      assertThat(second.clientPort()).isEqualTo(clientPort);
      assertThat(second.publishPort()).isEqualTo(publishPort);
      assertThat(get(second, "/")).isEqualTo("again");
      assertThat(second.publish("{\"items\":[]}").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void closeLeavesNoProcessAndNoDirectoryBehind() {
    PushpinProcess pushpin = PushpinProcess.builder().overHttpRoute(origin.port()).start();
    List<Long> pids = pushpin.processIds();
    Path dir = pushpin.directory();
    // the runner, condure, zurl, pushpin-proxy and pushpin-handler
    assertThat(pids).hasSizeGreaterThanOrEqualTo(5);
    assertThat(commands(pids)).anyMatch(c -> c.endsWith("/condure"))
        .anyMatch(c -> c.endsWith("/zurl")).anyMatch(c -> c.endsWith("/pushpin-proxy"))
        .anyMatch(c -> c.endsWith("/pushpin-handler"));

    pushpin.close();

    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
          .as("process %d after close()", pid).isEmpty();
    }
    assertThat(pushpin.processIds()).isEmpty();
    assertThat(Files.exists(dir)).isFalse();
    assertThat(pushpin.logs()).contains("==> pushpin-proxy.log <==");
    pushpin.close();
  }

  private static String get(PushpinProcess pushpin, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(pushpin.httpUri(path)).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static List<String> commands(List<Long> pids) {
    return pids.stream().map(ProcessHandle::of).flatMap(Optional::stream)
        .map(h -> h.info().command().orElse("")).toList();
  }
}
