package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GripConfigTest {
  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {
      "http://a:5561/?iss=pushpin&key=k1,https://b.example/p/",
      "http://a:5561/?iss=pushpin&key=k1 https://b.example/p/",
      "  http://a:5561/?iss=pushpin&key=k1 ,\n\thttps://b.example/p/ , ",
  })
  void listOfGripUrlsGivesEndpointsInOrder(String gripUrls) {
    GripConfig config = GripConfig.parse(gripUrls);
    assertThat(config.endpoints()).extracting(GripEndpoint::controlUri)
        .containsExactly(URI.create("http://a:5561"), URI.create("https://b.example/p"));
  }

  @Test
  void defaultsAreDocumented() {
    GripConfig config = GripConfig.parse("http://localhost:5561/");
    assertThat(config.leeway()).isEqualTo(Duration.ofSeconds(5)).isEqualTo(GripConfig.DEFAULT_LEEWAY);
    assertThat(config.requireSignature()).isTrue();
    assertThat(config.verifyIssuer()).isNull();
    assertThat(config.verifyKeys()).isEmpty();
    assertThat(config.canVerify()).isFalse();
    assertThat(config.toString()).endsWith("requireSignature=true, canVerify=false}");
  }

  @Test
  void aSignatureIsRequiredByDefaultWheneverThereIsAKey() {
    assertThat(GripConfig.parse("http://h/?iss=pushpin&key=changeme").requireSignature()).isTrue();
    assertThat(GripConfig.parse("http://h/?verify-key=changeme").canVerify()).isTrue();
    assertThat(GripConfig.builder().verifyKey("changeme").build().requireSignature()).isTrue();
  }

  @Test
  void unsignedRequestsAreServedOnlyWhenSaidSo() {
    GripConfig optional = GripConfig.builder().verifyKey("changeme").signatureOptional().build();
    assertThat(optional.requireSignature()).isFalse();
    assertThat(optional.toBuilder().build()).isEqualTo(optional);
    assertThat(optional.toBuilder().requireSignature().build().requireSignature()).isTrue();
    assertThat(GripConfig.builder().signatureOptional().build().canVerify()).isFalse();
  }

  @Test
  void aConfigWithoutAnyKeyPublishesButCannotMakeAVerifier() {
    GripConfig config = GripConfig.parse("http://localhost:5561/");
    assertThatThrownBy(() -> GripSigVerifier.of(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GRIP config: no verify key, so no Grip-Sig can be checked and every request"
            + " would be refused; configure one (a GRIP URL with iss and key, verify-key, or a"
            + " verify key), or make signatures optional");
    GripSigVerifier lenient = GripSigVerifier.of(config.toBuilder().signatureOptional().build());
    assertThat(lenient.verify("a.b.c")).isFalse();
    GripPublisher.builder(config).build().close();
  }

  @Test
  void badUrlInAListIsNamedByItsPosition() {
    assertThatThrownBy(() ->
            GripConfig.parse("http://a/?iss=x&key=k, http://b/?iss=x&key=base64:hunter2!!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GRIP URL #2: bad base64 in key")
        .hasNoCause();
  }

  @Test
  void singleBadUrlKeepsThePlainMessage() {
    assertThatThrownBy(() -> GripConfig.parse("http://b/?iss=x&key=base64:hunter2!!"))
        .hasMessage("GRIP URL: bad base64 in key");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "   ", " , ,\n"})
  void emptyListIsRejected(String gripUrls) {
    assertThatThrownBy(() -> GripConfig.parse(gripUrls))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GRIP config: no GRIP URL");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verifyKeys")
  void verifyKeyTextGivesTheRightKeyType(String what, String text, String algorithm, int size) {
    GripConfig config = GripConfig.builder().verifyKey(text).build();
    GripKey key = config.verifyKeys().get(0);
    assertThat(key.algorithm()).isEqualTo(algorithm);
    if (size >= 0) {
      assertThat(key.secretBytes()).hasSize(size);
    }
  }

  static Stream<Arguments> verifyKeys() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    String pem = TestTokens.pem(ec.generateKeyPair().getPublic());
    return Stream.of(
        Arguments.of("plain text", "changeme", "HS256", 8),
        Arguments.of("plain text with a plus", "a+b", "HS256", 3),
        Arguments.of("base64, standard", "base64:++++++++", "HS256", 6),
        Arguments.of("base64, url-safe", "base64:--------", "HS256", 6),
        Arguments.of("base64, padded", "base64:Y2hhbmdlbWU=", "HS256", 8),
        Arguments.of("PEM public key", pem, "ES256", -1),
        Arguments.of("PEM public key with CRLF", pem.replace("\n", "\r\n"), "ES256", -1),
        Arguments.of("base64 of a PEM public key", "base64:" + java.util.Base64.getEncoder()
            .encodeToString(pem.getBytes(StandardCharsets.US_ASCII)), "ES256", -1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badVerifyKeys")
  void badVerifyKeyIsRejectedWithoutShowingIt(String what, String text, String message) {
    assertThatThrownBy(() -> GripConfig.builder().verifyKey(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message)
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  static Stream<Arguments> badVerifyKeys() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    return Stream.of(
        Arguments.of("empty", "", "GRIP config: empty verify key"),
        Arguments.of("empty base64", "base64:", "GRIP config: empty verify key"),
        Arguments.of("bad base64", "base64:hunter2!!", "GRIP config: bad base64 in verify key"),
        Arguments.of("RSA public key", TestTokens.pem(rsa.generateKeyPair().getPublic()),
            "GRIP config: verify key is not an EC P-256 public key"),
        Arguments.of("P-384 public key", TestTokens.pem(p384.generateKeyPair().getPublic()),
            "GRIP config: verify key is not an EC P-256 public key"),
        Arguments.of("private key", "-----BEGIN PRIVATE KEY-----\nhunter2\n-----END PRIVATE KEY-----",
            "GRIP config: verify key is PEM but not a PUBLIC KEY block"),
        Arguments.of("bad base64 inside PEM",
            "-----BEGIN PUBLIC KEY-----\nhunter2!!\n-----END PUBLIC KEY-----",
            "GRIP config: bad base64 in PEM verify key"),
        Arguments.of("garbage DER inside PEM",
            "-----BEGIN PUBLIC KEY-----\naHVudGVyMg==\n-----END PUBLIC KEY-----",
            "GRIP config: verify key is not an EC P-256 public key"));
  }

  @Test
  void requiringASignatureNeedsAKey() {
    assertThatThrownBy(() -> GripConfig.builder().requireSignature().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GRIP config: a signature is required but no verify key is configured");
    assertThatThrownBy(() -> GripConfig.parse("https://alice:pw@h.example/").toBuilder()
            .requireSignature().build())
        .hasMessage("GRIP config: a signature is required but no verify key is configured");
    assertThat(GripConfig.parse("http://h/?iss=pushpin&key=changeme").toBuilder()
        .requireSignature().build().requireSignature()).isTrue();
  }

  @Test
  void verifyIssuerNeedsAKeyUnlessItIsFastly() {
    assertThatThrownBy(() -> GripConfig.builder().verifyIssuer("pushpin").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GRIP config: verify issuer without any verify key (only fastly: issuers have"
            + " a default)");
    assertThat(GripConfig.builder().verifyIssuer("fastly:SID").build().verifyKeys())
        .containsExactly(GripKey.fastlyFanout());
    assertThat(GripConfig.builder().verifyIssuer("fastly:SID").verifyKey("changeme").build()
        .verifyKeys()).extracting(GripKey::algorithm).containsExactly("HS256");
  }

  @Test
  void leewayMustBeSmallAndNotNegative() {
    assertThatThrownBy(() -> GripConfig.builder().leeway(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GRIP config: leeway must be between 0 and 5 minutes: PT-1S");
    assertThatThrownBy(() -> GripConfig.builder().leeway(Duration.ofMinutes(6)))
        .hasMessage("GRIP config: leeway must be between 0 and 5 minutes: PT6M");
    assertThat(GripConfig.builder().leeway(Duration.ZERO).build().leeway()).isZero();
  }

  @Test
  void emptyVerifyIssuerIsRejected() {
    assertThatThrownBy(() -> GripConfig.builder().verifyIssuer(""))
        .hasMessage("GRIP config: empty verify issuer");
  }

  @Test
  void toStringNeverShowsSecrets() {
    GripConfig config = GripConfig.builder()
        .endpoints("http://a/?iss=pushpin&key=hunter2-jwt, https://api.fastly.com/service/S"
            + "?key=hunter2-token&verify-iss=fastly:S, https://alice:hunter2-pw@c.example/")
        .verifyKey("hunter2-shared")
        .verifyKey("base64:aHVudGVyMi1iNjQ=")
        .build();
    String text = config.toString();
    assertThat(text).doesNotContain("hunter2").doesNotContain("aHVudGVy")
        .contains("GripKey[HS256, 14 bytes]", "GripKey[ES256, P-256 public key]",
            "Bearer(token=13 bytes)", "password=redacted");
  }

  @Test
  void equalConfigsAreEqual() {
    String urls = "http://a/?iss=pushpin&key=changeme https://b.example/";
    assertThat(GripConfig.parse(urls)).isEqualTo(GripConfig.parse(urls))
        .hasSameHashCodeAs(GripConfig.parse(urls));
    assertThat(GripConfig.parse(urls).toBuilder().build()).isEqualTo(GripConfig.parse(urls));
    assertThat(GripConfig.parse(urls)).isNotEqualTo(GripConfig.parse("https://b.example/"));
  }

  @Test
  void endpointsListIsImmutable() {
    GripConfig config = GripConfig.parse("http://a/");
    assertThatThrownBy(() -> config.endpoints().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
