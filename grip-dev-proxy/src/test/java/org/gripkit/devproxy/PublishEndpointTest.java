package org.gripkit.devproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublishEndpointTest {
  static ProxyServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ProxyServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void publishIsAnsweredPublished() throws Exception {
    HttpResponse<String> answer = server.publish(
        "{\"items\":[{\"channel\":\"nobody\",\"formats\":{\"ws-message\":{\"content\":\"x\"}}}]}");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(answer.body()).isEqualTo("Published\n");
  }

  @Test
  void controlUriIncludesTheContextPath() {
    assertThat(server.proxy.controlUri(8080).toString()).isEqualTo("http://127.0.0.1:8080/app/_grip");
  }

  @Test
  void publishPathWithoutTheTrailingSlashWorksToo() throws Exception {
    HttpResponse<String> answer = server.http.send(HttpRequest.newBuilder(
                server.http("/_grip/publish"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[]}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(answer.body()).isEqualTo("Published\n");
  }

  @Test
  void acceptingJsonGetsAJsonAnswer() throws Exception {
    HttpResponse<String> answer = server.http.send(HttpRequest.newBuilder(server.publishUri())
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[]}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"message\":\"Published\"}\n");
  }

  @Test
  void unacceptableAcceptGets406() throws Exception {
    HttpResponse<String> answer = server.http.send(HttpRequest.newBuilder(server.publishUri())
            .header("Accept", "image/png")
            .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[]}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(406);
  }

  @Test
  void getIsMethodNotAllowed() throws Exception {
    HttpResponse<String> answer = server.http.send(
        HttpRequest.newBuilder(server.publishUri()).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(405);
    assertThat(answer.headers().firstValue("Allow")).hasValue("POST");
    assertThat(answer.body()).isEqualTo("Method not allowed: GET.\n");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "``| Body is not valid JSON.",
      "{\"items\":[] | Body is not valid JSON.",
      "{\"items\":[]} x | Body is not valid JSON.",
      "[] | Invalid format.",
      "{} | Invalid format: object does not contain 'items'",
      "{\"items\":{}} | Invalid format: object contains 'items' with wrong type",
      "{\"items\":[1]} | Invalid format: publish item object is not an object",
      "{\"items\":[{}]} | Invalid format: publish item object does not contain 'channel'",
      "{\"items\":[{\"channel\":1}]} | Invalid format: publish item object contains 'channel' with wrong type",
      "{\"items\":[{\"channel\":\"a\",\"id\":2,\"formats\":{}}]} | Invalid format: publish item object contains 'id' with wrong type",
      "{\"items\":[{\"channel\":\"a\"}]} | Invalid format: no formats specified",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{}}]} | Invalid format: no formats specified",
      "{\"items\":[{\"channel\":\"a\",\"formats\":[]}]} | Invalid format: publish item object contains 'formats' with wrong type",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{\"ws-message\":{}}}]} | Invalid format: 'ws-message' does not contain 'content' or 'content-bin'",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{\"ws-message\":\"x\"}}]} | Invalid format: 'ws-message' is not an object",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{\"ws-message\":{\"content\":5}}}]} | Invalid format: 'ws-message' contains 'content' with wrong type",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{\"ws-message\":{\"content-bin\":5}}}]} | Invalid format: 'ws-message' contains 'content-bin' with wrong type",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{\"ws-message\":{\"type\":\"fax\",\"content\":\"x\"}}}]} | Invalid format: 'ws-message' contains 'type' with unknown value",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{\"ws-message\":{\"action\":\"close\",\"code\":\"x\"}}}]} | Invalid format: 'ws-message' contains 'code' with wrong type",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{\"ws-message\":{\"action\":\"close\",\"code\":-1}}}]} | Invalid format: 'ws-message' contains 'code' with invalid value",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{\"ws-message\":{\"action\":\"explode\"}}}]} | Invalid format: 'ws-message' contains 'action' with unknown value",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{\"http-stream\":{}}}]} | Invalid format: 'http-stream' does not contain 'content' or 'content-bin'",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{\"http-response\":{}}}]} | Invalid format: 'http-response' does not contain 'body', 'body-bin', or 'body-patch'",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{\"http-response\":{\"code\":1000,\"body\":\"\"}}}]} | Invalid format: 'http-response' contains 'code' with invalid value",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{\"http-response\":{\"headers\":[[\"a\"]],\"body\":\"\"}}}]} | Invalid format: headers contains list with wrong number of elements",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{\"http-response\":{\"headers\":{\"a\":1},\"body\":\"\"}}}]} | Invalid format: headers contains 'a' with wrong type",
      "{\"items\":[{\"channel\":\"a\",\"formats\":{\"ws-message\":{\"content\":\"x\"}}},{\"channel\":2}]} | Invalid format: publish item object contains 'channel' with wrong type",
  })
  void malformedPublishIsRefusedWithPushpinsMessage(String body, String message)
      throws Exception {
    HttpResponse<String> answer = server.publish(body);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(answer.body()).isEqualTo(message + "\n");
  }

  @Test
  void publishAuthRequiresABearerTokenSignedWithTheKey() throws Exception {
    try (ProxyServer secured = ProxyServer.start(DevGripProxy.builder().requirePublishAuth())) {
      String body = "{\"items\":[]}";
      long exp = Instant.now().getEpochSecond() + 600;
      String good = Hs256.mint("{\"iss\":\"app\",\"exp\":" + exp + "}", secured.proxy.signingKey());
      String forged = Hs256.mint("{\"iss\":\"app\",\"exp\":" + exp + "}", new byte[32]);
      String expired = Hs256.mint("{\"iss\":\"app\",\"exp\":1}", secured.proxy.signingKey());

      assertThat(secured.publish(body).statusCode()).isEqualTo(401);
      assertThat(publishWith(secured, "Bearer " + forged).statusCode()).isEqualTo(401);
      assertThat(publishWith(secured, "Bearer " + expired).statusCode()).isEqualTo(401);
      HttpResponse<String> ok = publishWith(secured, "Bearer " + good);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("Published\n");
    }
  }

  private static HttpResponse<String> publishWith(ProxyServer s, String authorization)
      throws Exception {
    return s.http.send(HttpRequest.newBuilder(s.publishUri())
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[]}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
