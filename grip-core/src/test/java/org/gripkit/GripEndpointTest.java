package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GripEndpointTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
  /** FB EF BE FB EF BE: the bytes of base64 "++++++++" (BH-16). */
  private static final byte[] PLUSES = HexFormat.of().parseHex("fbefbefbefbe");

  @ParameterizedTest(name = "{0} -> control {1}, publish {2}")
  @MethodSource("urlForms")
  void gripUrlGivesControlAndPublishUri(String gripUrl, String control, String publish) {
    GripEndpoint endpoint = GripEndpoint.parse(gripUrl);
    assertThat(endpoint.controlUri()).isEqualTo(URI.create(control));
    assertThat(endpoint.publishUri()).isEqualTo(URI.create(publish));
  }

  static Stream<Arguments> urlForms() {
    return Stream.of(
        Arguments.of("http://localhost:5561/?iss=pushpin&key=base64:Y2hhbmdlbWU=",
            "http://localhost:5561", "http://localhost:5561/publish/"),
        Arguments.of("http://localhost:5561", "http://localhost:5561",
            "http://localhost:5561/publish/"),
        Arguments.of("https://api.example.com/realm/realm?iss=realm&key=base64:++++++++",
            "https://api.example.com/realm/realm", "https://api.example.com/realm/realm/publish/"),
        Arguments.of("https://pub.example.com/prefix/?foo=bar", "https://pub.example.com/prefix?foo=bar",
            "https://pub.example.com/prefix/publish/?foo=bar"),
        Arguments.of("https://pub.example.com/prefix/?a=1&key=k&b=2&verify-key=v&iss=i&c=%2B",
            "https://pub.example.com/prefix?a=1&b=2&c=%2B",
            "https://pub.example.com/prefix/publish/?a=1&b=2&c=%2B"),
        Arguments.of("https://pub.example.com:80/x", "https://pub.example.com:80/x",
            "https://pub.example.com:80/x/publish/"),
        Arguments.of("https://pub.example.com:443/x/", "https://pub.example.com:443/x",
            "https://pub.example.com:443/x/publish/"),
        Arguments.of("HTTPS://Pub.Example.com/x", "https://Pub.Example.com/x",
            "https://Pub.Example.com/x/publish/"),
        Arguments.of("http://[::1]:5561/", "http://[::1]:5561", "http://[::1]:5561/publish/"),
        Arguments.of("https://alice:pw@pub.example.com/p/", "https://pub.example.com/p",
            "https://pub.example.com/p/publish/"),
        Arguments.of(
            "https://api.fastly.com/service/SERVICEID?key=TOKEN&verify-iss=fastly:SERVICEID",
            "https://api.fastly.com/service/SERVICEID",
            "https://api.fastly.com/service/SERVICEID/publish/"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plusKeys")
  void base64KeyWithPlusesIsKeptAsBytes(String gripUrl) {
    // BH-16: an unescaped '+' is a plus, not a space; both alphabets and percent-encoding work.
    GripEndpoint endpoint = GripEndpoint.parse(gripUrl);
    assertThat(endpoint.controlUri()).isEqualTo(URI.create("https://api.example.com/realm/realm"));
    assertThat(endpoint.issuer()).isEqualTo("realm");
    assertThat(endpoint.verifyKey().secretBytes()).isEqualTo(PLUSES);
  }

  static Stream<String> plusKeys() {
    return Stream.of(
        "https://api.example.com/realm/realm?iss=realm&key=base64:++++++++",
        "https://api.example.com/realm/realm?iss=realm&key=base64%3A%2B%2B%2B%2B%2B%2B%2B%2B",
        "https://api.example.com/realm/realm?iss=realm&key=base64:--------",
        "https://api.example.com/realm/realm?iss=realm&key=base64:%2B%2B%2B%2B%2b%2b%2b%2b",
        "https://api.example.com/realm/realm?iss=realm&key=base64:++++++++%3D%3D%3D%3D".replace(
            "%3D%3D%3D%3D", ""));
  }

  @Test
  void publishJwtIsSignedWithTheKeyBytesThemselves() {
    GripEndpoint endpoint =
        GripEndpoint.parse("https://api.example.com/realm/realm?iss=realm&key=base64:++++++++");
    String authorization = endpoint.authorization(NOW);
    assertThat(authorization).startsWith("Bearer ");
    String token = authorization.substring("Bearer ".length());
    String[] parts = token.split("\\.");
    assertThat(parts).hasSize(3);
    String input = parts[0] + "." + parts[1];
    assertThat(parts[2]).isEqualTo(TestTokens.b64(TestTokens.hmac(PLUSES, input)));
    byte[] roundTripped = new String(PLUSES, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    assertThat(HexFormat.of().formatHex(roundTripped)).startsWith("efbfbd");
    assertThat(parts[2]).isNotEqualTo(TestTokens.b64(TestTokens.hmac(roundTripped, input)));
  }

  @Test
  void publishJwtCarriesIssAndShortExp() throws Exception {
    GripEndpoint endpoint = GripEndpoint.parse("http://localhost:5561/?iss=pushpin&key=changeme");
    String token = endpoint.authorization(NOW).substring("Bearer ".length());
    String[] parts = token.split("\\.");
    assertThat(TestTokens.decode(parts[0])).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    JsonNode claims = Jwt.JSON.readTree(TestTokens.decode(parts[1]));
    assertThat(claims.get("iss").textValue()).isEqualTo("pushpin");
    assertThat(claims.get("exp").longValue()).isEqualTo(NOW.getEpochSecond() + 600);
    assertThat(claims.size()).isEqualTo(2);
    // And a verifier configured from the same URL accepts it until it expires.
    GripConfig config = GripConfig.parse("http://localhost:5561/?iss=pushpin&key=changeme");
    assertThat(GripSigVerifier.builder(config)
        .clock(Clock.fixed(NOW.plusSeconds(599), ZoneOffset.UTC)).build().verify(token)).isTrue();
    assertThat(GripSigVerifier.builder(config)
        .clock(Clock.fixed(NOW.plusSeconds(600), ZoneOffset.UTC)).build().verify(token)).isFalse();
  }

  @Test
  void fastlyUrlPublishesWithBearerTokenAndVerifiesWithFastlysKey() {
    // BH-16: key without iss is a Bearer token (fanout/java-gripcontrol#5, go-gripcontrol#6).
    GripEndpoint endpoint = GripEndpoint.parse(
        "https://api.fastly.com/service/SERVICEID?key=TOKEN&verify-iss=fastly:SERVICEID");
    assertThat(endpoint.authorization(NOW)).isEqualTo("Bearer TOKEN");
    assertThat(endpoint.issuer()).isNull();
    assertThat(endpoint.verifyIssuer()).isEqualTo("fastly:SERVICEID");
    assertThat(endpoint.verifyKey()).isEqualTo(GripKey.fastlyFanout());
    assertThat(endpoint.controlUri().toString()).doesNotContain("key").doesNotContain("verify-iss");
    assertThat(endpoint.publishUri().toString()).doesNotContain("TOKEN");
  }

  @Test
  void explicitVerifyKeyReplacesFastlysDefault() {
    var pair = TestTokens.p256();
    String pem = URLEncoder.encode(TestTokens.pem(pair.getPublic()), StandardCharsets.UTF_8)
        .replace("+", "%20");
    GripEndpoint endpoint = GripEndpoint.parse("https://api.fastly.com/service/S?key=T"
        + "&verify-iss=fastly:S&verify-key=" + pem);
    assertThat(endpoint.verifyKey()).isEqualTo(GripKey.publicKey(pair.getPublic()));
  }

  @Test
  void verifyKeyMayBeBase64OfAPem() {
    var pair = TestTokens.p256();
    String b64 = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(TestTokens.pem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII));
    GripEndpoint endpoint = GripEndpoint.parse("https://pub.example.com/?verify-key=base64:" + b64);
    assertThat(endpoint.verifyKey()).isEqualTo(GripKey.publicKey(pair.getPublic()));
    assertThat(endpoint.verifyKey().algorithm()).isEqualTo("ES256");
  }

  @Test
  void plainVerifyKeyIsASharedSecretAndReplacesTheJwtKey() {
    GripEndpoint endpoint = GripEndpoint.parse(
        "http://localhost:5561/?iss=pushpin&key=publish-key&verify-key=sig-key&verify-iss=pushpin");
    assertThat(endpoint.verifyKey().secretBytes())
        .isEqualTo("sig-key".getBytes(StandardCharsets.UTF_8));
    assertThat(endpoint.verifyIssuer()).isEqualTo("pushpin");
  }

  @Test
  void plainKeyKeepsUnescapedPlusAndPercentEncodedBytes() {
    assertThat(GripEndpoint.parse("https://h.example/?key=a+b").authorization(NOW))
        .isEqualTo("Bearer a+b");
    GripEndpoint binary = GripEndpoint.parse("https://h.example/?iss=x&key=%FF%00%2B");
    assertThat(binary.verifyKey().secretBytes()).containsExactly(0xff, 0x00, '+');
  }

  @Test
  void userInfoMeansBasicAuthentication() {
    GripEndpoint endpoint = GripEndpoint.parse("https://alice:s3cr%40t@pub.example.com/");
    assertThat(endpoint.authorization(NOW)).isEqualTo("Basic " + Base64.getEncoder()
        .encodeToString("alice:s3cr@t".getBytes(StandardCharsets.UTF_8)));
    assertThat(endpoint.verifyKey()).isNull();
  }

  @Test
  void noCredentialsMeansNoAuthorizationHeader() {
    GripEndpoint endpoint = GripEndpoint.parse("http://localhost:5561/");
    assertThat(endpoint.authorization(NOW)).isNull();
    assertThat(endpoint.verifyKey()).isNull();
    assertThat(endpoint.issuer()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badUrls")
  void badGripUrlIsRejectedWithoutShowingTheSecret(String what, String gripUrl, String message,
      String secret) {
    assertThatThrownBy(() -> GripEndpoint.parse(gripUrl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message)
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
  }

  static Stream<Arguments> badUrls() throws NoSuchAlgorithmException {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    // URLEncoder writes spaces as '+', which a GRIP URL keeps as '+': re-encode them as %20.
    String rsaPem = URLEncoder.encode(TestTokens.pem(rsa.generateKeyPair().getPublic()),
        StandardCharsets.UTF_8).replace("+", "%20");
    String privatePem = URLEncoder.encode(
        "-----BEGIN PRIVATE KEY-----\nTOPSECRETPRIVATE\n-----END PRIVATE KEY-----\n",
        StandardCharsets.UTF_8).replace("+", "%20");
    return Stream.of(
        Arguments.of("space in the URL", "http://h/?iss=a&key=top secret",
            "GRIP URL: Illegal character in query at index 23", "top secret"),
        Arguments.of("not a URL", "hunter2-not-a-url", 
            "GRIP URL: not an absolute http or https URL with a host", "hunter2"),
        Arguments.of("relative", "/publish?key=hunter2",
            "GRIP URL: not an absolute http or https URL with a host", "hunter2"),
        Arguments.of("ftp scheme", "ftp://h/?key=hunter2",
            "GRIP URL: not an absolute http or https URL with a host", "hunter2"),
        Arguments.of("bad base64 character", "http://h/?iss=a&key=base64:hunter2!!",
            "GRIP URL: bad base64 in key", "hunter2"),
        Arguments.of("mixed base64 alphabets", "http://h/?iss=a&key=base64:hunt+er2_",
            "GRIP URL: bad base64 in key", "hunt+er2_"),
        Arguments.of("impossible base64 length", "http://h/?iss=a&key=base64:hunte",
            "GRIP URL: bad base64 in key", "hunte"),
        Arguments.of("bad base64 in verify-key", "http://h/?verify-key=base64:hunter2!!",
            "GRIP URL: bad base64 in verify-key", "hunter2"),
        Arguments.of("empty key", "http://h/?iss=a&key=", "GRIP URL: empty key", "key="),
        Arguments.of("empty base64 key", "http://h/?iss=a&key=base64:", "GRIP URL: empty key",
            "base64:"),
        Arguments.of("empty iss", "http://h/?iss=&key=hunter2", "GRIP URL: empty iss", "hunter2"),
        Arguments.of("iss without key", "http://h/?iss=pushpin", "GRIP URL: iss without key",
            "\u0000"),
        Arguments.of("key twice", "http://h/?key=hunter2&key=hunter3", "GRIP URL: key given twice",
            "hunter"),
        Arguments.of("binary Bearer token", "http://h/?key=%FFhunter2",
            "GRIP URL: key without iss is a Bearer token and must be printable ASCII", "hunter2"),
        Arguments.of("user info and key", "http://u:hunter2@h/?key=hunter3",
            "GRIP URL: both user info and key given", "hunter"),
        Arguments.of("fragment", "http://h/?iss=a&key=hunter2#frag",
            "GRIP URL: a fragment (#) is not allowed", "hunter2"),
        Arguments.of("verify-iss without verify-key", "http://h/?verify-iss=pushpin",
            "GRIP URL: verify-iss without verify-key (only fastly: issuers have a default)",
            "\u0000"),
        Arguments.of("private key PEM as verify-key", "http://h/?verify-key=" + privatePem,
            "GRIP URL: verify-key is PEM but not a PUBLIC KEY block", "TOPSECRETPRIVATE"),
        Arguments.of("RSA public key as verify-key", "http://h/?verify-key=" + rsaPem,
            "GRIP URL: verify-key is not an EC P-256 public key", "MII"),
        Arguments.of("iss not UTF-8", "http://h/?iss=%FF&key=hunter2", "GRIP URL: iss is not UTF-8",
            "hunter2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("urlsWithSecrets")
  void toStringNeverShowsSecrets(String gripUrl, String secret) {
    String text = GripEndpoint.parse(gripUrl).toString();
    assertThat(text).doesNotContain(secret);
  }

  static Stream<Arguments> urlsWithSecrets() {
    return Stream.of(
        Arguments.of("http://localhost:5561/?iss=pushpin&key=hunter2-secret", "hunter2"),
        Arguments.of("http://localhost:5561/?iss=pushpin&key=base64:aHVudGVyMi1zZWNyZXQ=",
            "aHVudGVy"),
        Arguments.of("http://localhost:5561/?iss=pushpin&key=base64:aHVudGVyMi1zZWNyZXQ=",
            "hunter2"),
        Arguments.of("https://api.fastly.com/service/S?key=hunter2-token&verify-iss=fastly:S",
            "hunter2"),
        Arguments.of("https://alice:hunter2-password@pub.example.com/", "hunter2"),
        Arguments.of("http://h/?verify-key=hunter2-sig", "hunter2"));
  }

  @Test
  void toStringShowsWhatIsNotSecret() {
    assertThat(GripEndpoint.parse("http://localhost:5561/?iss=pushpin&key=changeme").toString())
        .isEqualTo("GripEndpoint{controlUri=http://localhost:5561, auth=JWT(iss=pushpin, key=8"
            + " bytes), verifyIssuer=null, verifyKey=GripKey[HS256, 8 bytes]}");
    assertThat(GripEndpoint.parse("https://alice:pw@h.example/").toString())
        .isEqualTo("GripEndpoint{controlUri=https://h.example, auth=Basic(user=alice,"
            + " password=redacted), verifyIssuer=null, verifyKey=null}");
  }

  @Test
  void builderMakesTheSameEndpointAsParse() {
    GripEndpoint built = GripEndpoint.builder(URI.create("http://localhost:5561/"))
        .jwtAuth("pushpin", "changeme".getBytes(StandardCharsets.UTF_8))
        .build();
    GripEndpoint parsed = GripEndpoint.parse("http://localhost:5561/?iss=pushpin&key=changeme");
    assertThat(built).isEqualTo(parsed).hasSameHashCodeAs(parsed);
    assertThat(built.toBuilder().build()).isEqualTo(built);
    assertThat(GripEndpoint.parse("http://localhost:5561/?iss=pushpin&key=other"))
        .isNotEqualTo(parsed);
  }

  @Test
  void builderCopiesTheKey() {
    byte[] key = "changeme".getBytes(StandardCharsets.UTF_8);
    GripEndpoint endpoint =
        GripEndpoint.builder(URI.create("http://h/")).jwtAuth("pushpin", key).build();
    key[0] = 'X';
    assertThat(endpoint.verifyKey().secretBytes())
        .isEqualTo("changeme".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void lastAuthenticationMethodWins() {
    GripEndpoint endpoint = GripEndpoint.builder(URI.create("http://h/"))
        .basicAuth("alice", "pw")
        .bearerAuth("tok")
        .build();
    assertThat(endpoint.authorization(NOW)).isEqualTo("Bearer tok");
    assertThat(endpoint.toBuilder().noAuth().build().authorization(NOW)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badControlUris")
  void builderRejectsABadControlUri(String uri, String message) {
    assertThatThrownBy(() -> GripEndpoint.builder(URI.create(uri)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  static Stream<Arguments> badControlUris() {
    return Stream.of(
        Arguments.of("https://h/?key=hunter2",
            "GRIP endpoint: a key parameter in the control URI; use GripEndpoint.parse"),
        Arguments.of("https://h/?verify-key=hunter2",
            "GRIP endpoint: a verify-key parameter in the control URI; use GripEndpoint.parse"),
        Arguments.of("https://u:hunter2@h/",
            "GRIP endpoint: user info in the control URI; use basicAuth"),
        Arguments.of("mailto:someone@example.com",
            "GRIP endpoint: not an absolute http or https URL with a host"),
        Arguments.of("https://h/#x", "GRIP endpoint: a fragment (#) is not allowed"));
  }

  @Test
  void builderRejectsBadCredentials() {
    GripEndpoint.Builder b = GripEndpoint.builder(URI.create("http://h/"));
    assertThatThrownBy(() -> b.jwtAuth("", new byte[] {1}))
        .hasMessage("GRIP endpoint: empty JWT issuer");
    assertThatThrownBy(() -> b.jwtAuth("pushpin", new byte[0]))
        .hasMessage("GRIP endpoint: empty JWT key");
    assertThatThrownBy(() -> b.bearerAuth("hunter 2"))
        .hasMessage("GRIP endpoint: a Bearer token must be non-empty printable ASCII");
    assertThatThrownBy(() -> b.basicAuth("a:b", "hunter2"))
        .hasMessage("GRIP endpoint: a Basic user must be non-empty, without colon or control"
            + " characters");
    assertThatThrownBy(() -> b.verifyIssuer("pushpin").build())
        .hasMessage("GRIP endpoint: verifyIssuer without verifyKey (only fastly: issuers have a"
            + " default)");
    assertThatThrownBy(() -> GripEndpoint.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("controlUri == null");
  }
}
