package org.gripkit;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gripkit.PublishTesting.endpoint;
import static org.gripkit.PublishTesting.json;
import static org.gripkit.PublishTesting.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.gripkit.PublishFormat.HttpResponse;
import org.gripkit.PublishFormat.HttpStream;
import org.gripkit.PublishFormat.WsMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What reaches a publish endpoint for each format (BH-17) and each kind of authentication. */
class PublisherFormatsTest {
  @RegisterExtension
  static WireMockExtension proxy = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  /** The claims of the JWT in an {@code Authorization: Bearer} header, as JSON text. */
  static String jwtClaims(String authorization) {
    assertThat(authorization).startsWith("Bearer ");
    String[] parts = authorization.substring("Bearer ".length()).split("\\.", -1);
    assertThat(parts).hasSize(3);
    return new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8);
  }

  private static LoggedRequest publishOne(GripEndpoint endpoint, PublishItem item)
      throws Exception {
    proxy.stubFor(post(urlPathEqualTo(endpoint.publishUri().getPath()))
        .willReturn(ok("Published")));
    try (GripPublisher publisher = GripPublisher.builder(List.of(endpoint)).build()) {
      publisher.publish(item);
    }
    List<LoggedRequest> requests = requests(proxy);
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of("ws-message text hi", WsMessage.text("hi"),
            "{\"ws-message\":{\"content\":\"hi\"}}"),
        Arguments.of("ws-message bytes 00 01 02", WsMessage.binary(new byte[] {0, 1, 2}),
            "{\"ws-message\":{\"content-bin\":\"AAEC\"}}"),
        Arguments.of("ws-message close 1009", WsMessage.close(1009),
            "{\"ws-message\":{\"action\":\"close\",\"code\":1009}}"),
        Arguments.of("ws-message close 4001 bye", WsMessage.close(4001, "bye"),
            "{\"ws-message\":{\"action\":\"close\",\"code\":4001,\"reason\":\"bye\"}}"),
        Arguments.of("http-stream close", HttpStream.close(),
            "{\"http-stream\":{\"action\":\"close\"}}"),
        Arguments.of("http-stream text", HttpStream.text("event: x\n\n"),
            "{\"http-stream\":{\"content\":\"event: x\\n\\n\"}}"),
        Arguments.of("http-response without body", HttpResponse.of(""),
            "{\"http-response\":{\"body\":\"\"}}"),
        Arguments.of("http-response built without body", HttpResponse.builder().code(204).build(),
            "{\"http-response\":{\"code\":204,\"body\":\"\"}}"),
        Arguments.of("http-response bytes FF FE",
            HttpResponse.of(new byte[] {(byte) 0xff, (byte) 0xfe}),
            "{\"http-response\":{\"body-bin\":\"//4=\"}}"),
        Arguments.of("http-response ok", HttpResponse.of("ok"),
            "{\"http-response\":{\"body\":\"ok\"}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void eachFormatIsPostedAsItsExactJson(String name, PublishFormat format, String formats)
      throws Exception {
    LoggedRequest request = publishOne(endpoint(proxy), PublishItem.of("c", format));
    String expected = "{\"items\":[{\"channel\":\"c\",\"formats\":" + formats + "}]}";
    assertThat(request.getBody()).isEqualTo(expected.getBytes(UTF_8));
    assertThat(json(request.getBody())).isEqualTo(json(expected));
    assertThat(request.getHeader("Content-Length"))
        .isEqualTo(String.valueOf(expected.getBytes(UTF_8).length));
  }

  @Test
  void idAndPrevIdAreSentWithTheItem() throws Exception {
    PublishItem item = PublishItem.builder("c").id("2").prevId("1")
        .format(WsMessage.text("hi")).format(HttpStream.text("hi\n")).build();
    LoggedRequest request = publishOne(endpoint(proxy), item);
    assertThat(request.getBodyAsString()).isEqualTo(
        "{\"items\":[{\"channel\":\"c\",\"id\":\"2\",\"prev-id\":\"1\",\"formats\":{"
            + "\"http-stream\":{\"content\":\"hi\\n\"},\"ws-message\":{\"content\":\"hi\"}}}]}");
  }

  @Test
  void aJwtEndpointSendsAFreshSignedTokenWithIssAndExp() throws Exception {
    GripEndpoint endpoint = GripEndpoint.parse(proxy.baseUrl() + "/?iss=pushpin&key=changeme");
    long before = Instant.now().getEpochSecond();
    LoggedRequest request = publishOne(endpoint, PublishItem.of("c", WsMessage.text("hi")));
    long after = Instant.now().getEpochSecond();

    String authorization = request.getHeader("Authorization");
    JsonNode claims = json(jwtClaims(authorization));
    assertThat(claims.get("iss").asText()).isEqualTo("pushpin");
    assertThat(claims.get("exp").asLong()).isBetween(before + 600, after + 600);
    assertThat(claims.size()).isEqualTo(2);

    String[] parts = authorization.substring("Bearer ".length()).split("\\.");
    assertThat(json(Base64.getUrlDecoder().decode(parts[0])).get("alg").asText())
        .isEqualTo("HS256");
    byte[] mac = TestTokens.hmac("changeme".getBytes(UTF_8), parts[0] + "." + parts[1]);
    assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(mac);
  }

  @Test
  void aKeyWithoutIssIsSentAsABearerToken() throws Exception {
    GripEndpoint endpoint = GripEndpoint.parse(proxy.baseUrl()
        + "/service/SERVICEID?key=TOKEN&verify-iss=fastly:SERVICEID");
    LoggedRequest request = publishOne(endpoint, PublishItem.of("c", WsMessage.text("hi")));
    assertThat(request.getUrl()).isEqualTo("/service/SERVICEID/publish/");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer TOKEN");
  }

  @Test
  void userInfoIsSentAsBasicAuthentication() throws Exception {
    GripEndpoint endpoint = GripEndpoint.parse(
        "http://alice:s3cret@127.0.0.1:" + proxy.getPort() + "/");
    LoggedRequest request = publishOne(endpoint, PublishItem.of("c", WsMessage.text("hi")));
    // base64("alice:s3cret")
    assertThat(request.getHeader("Authorization")).isEqualTo("Basic YWxpY2U6czNjcmV0");
  }

  @Test
  void anEndpointWithoutAuthenticationSendsNoAuthorization() throws Exception {
    LoggedRequest request = publishOne(endpoint(proxy), PublishItem.of("c", WsMessage.text("hi")));
    assertThat(request.containsHeader("Authorization")).isFalse();
  }

  @Test
  void theControlUrisQueryIsKeptOnThePublishRequest() throws Exception {
    GripEndpoint endpoint = GripEndpoint.parse(proxy.baseUrl() + "/prefix/?foo=bar");
    LoggedRequest request = publishOne(endpoint, PublishItem.of("c", WsMessage.text("hi")));
    assertThat(request.getUrl()).isEqualTo("/prefix/publish/?foo=bar");
  }

  @Test
  void publishingFromAConfigReachesEveryEndpoint() throws Exception {
    proxy.stubFor(post(urlPathEqualTo("/a/publish/")).willReturn(ok("Published")));
    proxy.stubFor(post(urlPathEqualTo("/b/publish/")).willReturn(ok("Published")));
    GripConfig config = GripConfig.parse(proxy.baseUrl() + "/a?iss=pushpin&key=changeme,"
        + proxy.baseUrl() + "/b?key=TOKEN");
    try (GripPublisher publisher = GripPublisher.builder(config).build()) {
      publisher.publish(PublishItem.of("c", WsMessage.text("hi")));
    }
    assertThat(requests(proxy)).extracting(LoggedRequest::getUrl)
        .containsExactlyInAnyOrder("/a/publish/", "/b/publish/");
    assertThat(requests(proxy)).filteredOn(r -> r.getUrl().equals("/b/publish/"))
        .extracting(r -> r.getHeader("Authorization")).containsExactly("Bearer TOKEN");
  }
}
