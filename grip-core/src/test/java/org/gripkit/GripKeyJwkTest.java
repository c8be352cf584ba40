package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gripkit.TestTokens.b64;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Verify keys written as JSON Web Keys (RFC 7517), EC P-256 and oct. */
class GripKeyJwkTest {
  /** RFC 7515 appendix A.3: the ES256 example's public key (its d left out). */
  private static final String RFC7515_A3_JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\","
      + "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
      + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}";
  /** RFC 7515 appendix A.3: the ES256 example token; exp is 1300819380. */
  private static final String RFC7515_A3_TOKEN = "eyJhbGciOiJFUzI1NiJ9"
      + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
      + ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
  /** RFC 7515 appendix A.1: the HS256 example's key. */
  private static final String RFC7515_A1_JWK = "{\"kty\":\"oct\",\"k\":\"AyM1SysPpbyDfgZld3umj1qzKOb"
      + "wVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow\"}";
  /** RFC 7515 appendix A.1: the HS256 example token, same claims. */
  private static final String RFC7515_A1_TOKEN = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
      + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
      + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static final long RFC_EXP = 1_300_819_380L;

  private static GripSigVerifier at(long epochSecond, String key) {
    return GripSigVerifier.builder(GripConfig.builder().verifyKey(key).build())
        .clock(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC))
        .build();
  }

  @Test
  void rfc7515EcExampleKeyVerifiesItsEs256Token() {
    assertThat(GripKey.parse(RFC7515_A3_JWK).algorithm()).isEqualTo("ES256");
    assertThat(at(RFC_EXP - 1, RFC7515_A3_JWK).verify(RFC7515_A3_TOKEN)).isTrue();
    assertThat(at(RFC_EXP, RFC7515_A3_JWK).verify(RFC7515_A3_TOKEN)).isFalse();
  }

  @Test
  void rfc7515OctExampleKeyVerifiesItsHs256Token() {
    assertThat(GripKey.parse(RFC7515_A1_JWK).algorithm()).isEqualTo("HS256");
    assertThat(at(RFC_EXP - 1, RFC7515_A1_JWK).verify(RFC7515_A1_TOKEN)).isTrue();
    assertThat(at(RFC_EXP - 1, RFC7515_A3_JWK).verify(RFC7515_A1_TOKEN)).isFalse();
  }

  @Test
  void ecJwkIsTheSameKeyAsItsPem() {
    KeyPair pair = TestTokens.p256();
    String jwk = jwk((ECPublicKey) pair.getPublic());
    assertThat(GripKey.parse(jwk)).isEqualTo(GripKey.parse(TestTokens.pem(pair.getPublic())));
    // Members in any order, optional ones that allow verifying, white space around.
    String decorated = "  {\"use\":\"sig\",\"key_ops\":[\"verify\"],\"alg\":\"ES256\",\"kid\":\"k1\","
        + jwk.substring(1) + "\n";
    assertThat(GripKey.parse(decorated)).isEqualTo(GripKey.parse(jwk));
  }

  @Test
  void jwkMayComeAsBase64OrInAGripUrl() {
    String base64 = "base64:" + Base64.getEncoder().encodeToString(
        RFC7515_A3_JWK.getBytes(StandardCharsets.UTF_8));
    assertThat(GripKey.parse(base64)).isEqualTo(GripKey.parse(RFC7515_A3_JWK));
    GripEndpoint endpoint = GripEndpoint.parse("http://localhost:5561/?verify-key="
        + URLEncoder.encode(RFC7515_A1_JWK, StandardCharsets.UTF_8));
    assertThat(endpoint.verifyKey()).isEqualTo(GripKey.parse(RFC7515_A1_JWK));
  }

  @Test
  void aBase64SecretThatStartsWithABraceStaysASecret() {
    byte[] secret = {'{', 1, 2, (byte) 0xff};
    GripKey key = GripKey.parse("base64:" + Base64.getEncoder().encodeToString(secret));
    assertThat(key.algorithm()).isEqualTo("HS256");
    assertThat(key.secretBytes()).isEqualTo(secret);
  }

  @Test
  void theKeyTypeFixesTheAlgorithmWhateverTheTokenSays() {
    long now = 1_700_000_000L;
    String claims = "{\"exp\":" + (now + 60) + "}";
    // An HS256 token keyed with the EC JWK's own text: the classic algorithm confusion.
    String confused = TestTokens.hs256(TestTokens.HS256, claims,
        RFC7515_A3_JWK.getBytes(StandardCharsets.UTF_8));
    assertThat(at(now, RFC7515_A3_JWK).verify(confused)).isFalse();
    // alg none, and an oct key offered an ES256 header with an HMAC signature.
    String none = b64("{\"alg\":\"none\"}") + "." + b64(claims) + ".";
    assertThat(at(now, RFC7515_A1_JWK).verify(none)).isFalse();
    byte[] octKey = Base64.getUrlDecoder().decode(
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
    String es256Header = TestTokens.hs256(TestTokens.ES256, claims, octKey);
    assertThat(at(now, RFC7515_A1_JWK).verify(es256Header)).isFalse();
    assertThat(at(now, RFC7515_A1_JWK).verify(TestTokens.hs256(TestTokens.HS256, claims, octKey)))
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badJwks")
  void badJwkIsRefusedWithoutShowingIt(String what, String jwk, String message) {
    assertThatThrownBy(() -> GripKey.parse(jwk))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message)
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage())
            .doesNotContain("f83OJ3D2").doesNotContain("x_FEzRu9").doesNotContain("AyM1Sys")
            .doesNotContain("jpsQnnGQ"));
  }

  static Stream<Arguments> badJwks() {
    String ec = RFC7515_A3_JWK.substring(0, RFC7515_A3_JWK.length() - 1);
    String xy = ec.substring(ec.indexOf(",\"x\""));
    return Stream.of(
        Arguments.of("not JSON", "{kty: EC}", "GRIP key: key is a JWK but not one JSON object"),
        Arguments.of("trailing data", RFC7515_A3_JWK + "{}",
            "GRIP key: key is a JWK but not one JSON object"),
        Arguments.of("duplicate member", ec + ",\"crv\":\"P-384\"}",
            "GRIP key: key is a JWK but not one JSON object"),
        Arguments.of("no kty", "{\"k\":\"AyM1\"}", "GRIP key: key is a JWK without kty"),
        Arguments.of("RSA", "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}",
            "GRIP key: key is a JWK of kty RSA (only EC P-256 and oct keys check Grip-Sig)"),
        Arguments.of("P-384", "{\"kty\":\"EC\",\"crv\":\"P-384\"" + xy + "}",
            "GRIP key: key is a JWK on curve P-384, not P-256"),
        Arguments.of("private EC key", ec + ",\"d\":\"jpsQnnGQmL-YBIScXyKzJxW7vFQ8QzfV6cBbLzYz1RI\"}",
            "GRIP key: key is a JWK holding a private key (d): configure the public key only"),
        Arguments.of("short x", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AQID\","
            + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}",
            "GRIP key: key is a JWK whose x and y are not 32 bytes each"),
        Arguments.of("padded base64url", "{\"kty\":\"oct\",\"k\":\"AyM1Sw==\"}",
            "GRIP key: key is a JWK with bad base64url in k"),
        Arguments.of("point not on the curve", "{\"kty\":\"EC\",\"crv\":\"P-256\","
            + "\"x\":\"" + b64(ones(32)) + "\",\"y\":\"" + b64(ones(32)) + "\"}",
            "GRIP key: key: point is not on the P-256 curve"),
        Arguments.of("for encryption", ec + ",\"use\":\"enc\"}",
            "GRIP key: key is a JWK whose use is not sig"),
        Arguments.of("for signing only", ec + ",\"key_ops\":[\"sign\"]}",
            "GRIP key: key is a JWK whose key_ops do not include verify"),
        Arguments.of("EC for HS256", ec + ",\"alg\":\"HS256\"}",
            "GRIP key: key is a JWK for alg HS256, but its kty means ES256"),
        Arguments.of("oct for none", "{\"kty\":\"oct\",\"alg\":\"none\",\"k\":\"AyM1\"}",
            "GRIP key: key is a JWK for alg none, but its kty means HS256"),
        Arguments.of("empty oct", "{\"kty\":\"oct\",\"k\":\"\"}",
            "GRIP key: key is a JWK with an empty k (or only zero bytes)"),
        Arguments.of("zero oct", "{\"kty\":\"oct\",\"k\":\"AAAA\"}",
            "GRIP key: key is a JWK with an empty k (or only zero bytes)"),
        Arguments.of("kty not a string", "{\"kty\":1}",
            "GRIP key: key is a JWK whose kty is not a string"));
  }

  @Test
  void aJwkInConfigurationIsNamedAsTheVerifyKey() {
    assertThatThrownBy(() -> GripConfig.builder().verifyKey("{\"kty\":\"RSA\"}"))
        .hasMessage("GRIP config: verify key is a JWK of kty RSA (only EC P-256 and oct keys"
            + " check Grip-Sig)");
  }

  private static String jwk(ECPublicKey key) {
    return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + b64(coordinate(key.getW().getAffineX()))
        + "\",\"y\":\"" + b64(coordinate(key.getW().getAffineY())) + "\"}";
  }

  /** A coordinate as exactly 32 big-endian bytes, as RFC 7518 section 6.2.1.2 wants. */
  private static byte[] coordinate(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - copy, out, 32 - copy, copy);
    return out;
  }

  private static byte[] ones(int n) {
    byte[] bytes = new byte[n];
    Arrays.fill(bytes, (byte) 1);
    return bytes;
  }
}
