package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gripkit.TestTokens.ES256;
import static org.gripkit.TestTokens.HS256;
import static org.gripkit.TestTokens.b64;
import static org.gripkit.TestTokens.es256;
import static org.gripkit.TestTokens.hs256;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GripSigVerifierTest {
  /** The test clock: 2023-11-14T22:13:20Z. */
  private static final long NOW = 1_700_000_000L;

  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

  // BH-14 fixtures: HS256 with key "changeme".
  /** {"iss":"pushpin","exp":4102444800} (2100-01-01). */
  private static final String VALID_UNTIL_2100 =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJwdXNocGluIiwiZXhwIjo0MTAyNDQ0ODAwfQ"
          + ".6PB-xF70HXxoGO1kyMRzPuLZmg-JFEl8CHkuuipJLYE";
  /** {"iss":"pushpin","exp":1000000000}. */
  private static final String EXPIRED =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJwdXNocGluIiwiZXhwIjoxMDAwMDAwMDAwfQ"
          + ".llElC5pSaqqB3va8O4C97Fh_KWEExNpRPC7oXLogKlE";
  /** {"iss":"pushpin"}. */
  private static final String NO_EXP =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJwdXNocGluIn0"
          + ".75TaTcp8IQo9oKXp7c-L1i1jRHAqaF6Ln0kVk4rmQdg";
  /** {"iss":"someone-else","exp":4102444800}. */
  private static final String WRONG_ISS =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzb21lb25lLWVsc2UiLCJleHAiOjQxMDI0NDQ4MDB9"
          + ".jyU95OcJ0mbycs6wDPcK_JL01RIJdH78XeIHeUY8g0M";
  /** {"iss":"pushpin","exp":4102444800} signed with "not-the-key". */
  private static final String WRONG_KEY =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJwdXNocGluIiwiZXhwIjo0MTAyNDQ0ODAwfQ"
          + ".Azcwl-2EZGi-6NFupiq6TZJlzhsGncQK_Cw7dfg4uSk";

  /**
   * A Grip-Sig that Fastly Fanout itself issued ({"exp":1675365428,"iss":"fastly"}, ES256),
   * published as a test fixture by the swift-cloud Compute SDKs; re-spelled in base64url.
   */
  private static final String FANOUT_ISSUED =
      "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.eyJleHAiOjE2NzUzNjU0MjgsImlzcyI6ImZhc3RseSJ9"
          + ".QL2Pm1JnXV_vAYK7ijeD4U1CBjOTLihNMDZ-qfvjkKOTUiK1jyxGEwjZfeApijRaOtQT8fVkdPnKjF-tBiUzkA";

  private static final KeyPair PROXY_KEYS = TestTokens.p256();
  private static final KeyPair OTHER_KEYS = TestTokens.p256();

  private static GripSigVerifier pushpin() {
    return verifier(GripConfig.builder().verifyKey("changeme").verifyIssuer("pushpin").build());
  }

  private static GripSigVerifier es256Verifier() {
    return verifier(
        GripConfig.builder().verifyKey(GripKey.publicKey(PROXY_KEYS.getPublic())).build());
  }

  private static GripSigVerifier verifier(GripConfig config) {
    return GripSigVerifier.builder(config).clock(CLOCK).build();
  }

  private static GripSigVerifier at(GripConfig config, long epochSecond) {
    return GripSigVerifier.builder(config)
        .clock(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC))
        .build();
  }

  private static String claims(long exp) {
    return "{\"iss\":\"pushpin\",\"exp\":" + exp + "}";
  }

  @Test
  void tokenMintedLikePushpinIsValid() {
    // What Pushpin's proxyutil.cpp signs: {"iss": sig_iss, "exp": now + 3600}.
    assertThat(pushpin().verify(hs256(claims(NOW + 3600), "changeme"))).isTrue();
  }

  @Test
  void fixtureValidUntil2100IsValid() {
    assertThat(pushpin().verify(VALID_UNTIL_2100)).isTrue();
  }

  @Test
  void es256TokenSignedWithTheConfiguredPublicKeyIsValid() {
    assertThat(es256Verifier().verify(es256(ES256, claims(NOW + 60), PROXY_KEYS.getPrivate())))
        .isTrue();
  }

  @Test
  void issuerIsNotCheckedWhenNoneIsConfigured() {
    GripSigVerifier anyIssuer = verifier(GripConfig.builder().verifyKey("changeme").build());
    assertThat(anyIssuer.verify(WRONG_ISS)).isTrue();
    assertThat(pushpin().verify(WRONG_ISS)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTokens")
  void badTokenIsRefused(String what, String token) {
    assertThat(pushpin().verify(token)).isFalse();
    assertThat(es256Verifier().verify(token)).isFalse();
  }

  static Stream<Arguments> badTokens() {
    byte[] changeme = "changeme".getBytes(StandardCharsets.UTF_8);
    ECPublicKey publicKey = (ECPublicKey) PROXY_KEYS.getPublic();
    String good = hs256(claims(NOW + 60), "changeme");
    String goodHeaderAndClaims = good.substring(0, good.lastIndexOf('.'));
    String huge =
        hs256("{\"iss\":\"pushpin\",\"exp\":" + (NOW + 60) + ",\"pad\":\"" + "x".repeat(4000) + "\"}",
            "changeme");
    return Stream.of(
        Arguments.of("BH-14 expired (exp 1000000000)", EXPIRED),
        Arguments.of("BH-14 no exp", NO_EXP),
        Arguments.of("BH-14 wrong iss someone-else", WRONG_ISS),
        Arguments.of("BH-14 signed with not-the-key", WRONG_KEY),
        Arguments.of("BH-14 exp equal to now", hs256(claims(NOW), "changeme")),
        Arguments.of("exp one second ago", hs256(claims(NOW - 1), "changeme")),
        Arguments.of("exp zero", hs256(claims(0), "changeme")),
        Arguments.of("exp negative", hs256(claims(-5), "changeme")),
        Arguments.of("exp as a string",
            hs256("{\"iss\":\"pushpin\",\"exp\":\"4102444800\"}", "changeme")),
        Arguments.of("exp null", hs256("{\"iss\":\"pushpin\",\"exp\":null}", "changeme")),
        Arguments.of("nbf in the future beyond the leeway",
            hs256("{\"iss\":\"pushpin\",\"exp\":" + (NOW + 60) + ",\"nbf\":" + (NOW + 6) + "}",
                "changeme")),
        Arguments.of("nbf not a number",
            hs256("{\"iss\":\"pushpin\",\"exp\":" + (NOW + 60) + ",\"nbf\":\"0\"}", "changeme")),
        Arguments.of("no iss while an issuer is required",
            hs256("{\"exp\":" + (NOW + 60) + "}", "changeme")),
        Arguments.of("iss not a string",
            hs256("{\"iss\":[\"pushpin\"],\"exp\":" + (NOW + 60) + "}", "changeme")),
        Arguments.of("iss differing in case", hs256("{\"iss\":\"Pushpin\",\"exp\":" + (NOW + 60)
            + "}", "changeme")),
        Arguments.of("alg none without signature",
            b64("{\"alg\":\"none\"}") + "." + b64(claims(NOW + 60)) + "."),
        Arguments.of("alg none with an HMAC signature",
            hs256("{\"alg\":\"none\"}", claims(NOW + 60), changeme)),
        Arguments.of("alg hs256 in lower case", hs256("{\"alg\":\"hs256\"}", claims(NOW + 60),
            changeme)),
        Arguments.of("alg HS512 name on an HS256 signature",
            hs256("{\"alg\":\"HS512\"}", claims(NOW + 60), changeme)),
        Arguments.of("no alg", hs256("{\"typ\":\"JWT\"}", claims(NOW + 60), changeme)),
        Arguments.of("alg not a string", hs256("{\"alg\":256}", claims(NOW + 60), changeme)),
        Arguments.of("crit header",
            hs256("{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", claims(NOW + 60), changeme)),
        Arguments.of("HS256 signed with the public key's X.509 bytes",
            hs256(HS256, claims(NOW + 60), publicKey.getEncoded())),
        Arguments.of("HS256 signed with the public key's PEM text",
            hs256(HS256, claims(NOW + 60),
                TestTokens.pem(publicKey).getBytes(StandardCharsets.US_ASCII))),
        Arguments.of("ES256 signed by another key", es256(ES256, claims(NOW + 60),
            OTHER_KEYS.getPrivate())),
        Arguments.of("ES256 with r = s = 0 (CVE-2022-21449)",
            b64(ES256) + "." + b64(claims(NOW + 60)) + "." + b64(new byte[64])),
        Arguments.of("ES256 with an all-ones signature",
            b64(ES256) + "." + b64(claims(NOW + 60)) + "." + b64(ones(64))),
        Arguments.of("ES256 with a short signature",
            b64(ES256) + "." + b64(claims(NOW + 60)) + "." + b64(new byte[32])),
        Arguments.of("truncated", VALID_UNTIL_2100.substring(0, VALID_UNTIL_2100.length() - 5)),
        Arguments.of("truncated to header and claims", goodHeaderAndClaims),
        Arguments.of("bad base64 character in signature", good.substring(0, good.length() - 1)
            + "*"),
        Arguments.of("standard-alphabet base64 in signature", VALID_UNTIL_2100.replace('-', '+')),
        Arguments.of("padded base64url signature", good + "="),
        Arguments.of("non-canonical trailing bits in signature", nonCanonical(good)),
        Arguments.of("two segments", "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9"),
        Arguments.of("four segments", good + ".e30"),
        Arguments.of("empty segments", ".."),
        Arguments.of("empty", ""),
        Arguments.of("not-a-jwt", "not-a-jwt"),
        Arguments.of("a.b.c", "a.b.c"),
        Arguments.of("whitespace around a good token", " " + good + " "),
        Arguments.of("Bearer prefix", "Bearer " + good),
        Arguments.of("header not JSON", hs256("alg=HS256", claims(NOW + 60), changeme)),
        Arguments.of("header a JSON array", hs256("[\"HS256\"]", claims(NOW + 60), changeme)),
        Arguments.of("header JSON with trailing data",
            hs256("{\"alg\":\"HS256\"} {}", claims(NOW + 60), changeme)),
        Arguments.of("claims a JSON number", hs256(HS256, "4102444800", changeme)),
        Arguments.of("claims a JSON string", hs256(HS256, "\"exp\"", changeme)),
        Arguments.of("claims JSON null", hs256(HS256, "null", changeme)),
        Arguments.of("claims with a duplicate exp",
            hs256(HS256, "{\"iss\":\"pushpin\",\"exp\":1,\"exp\":4102444800}", changeme)),
        Arguments.of("claims not UTF-8", nonUtf8Claims(changeme)),
        Arguments.of("longer than " + GripSigVerifier.MAX_TOKEN_LENGTH + " characters", huge),
        // HMAC pads keys with zeros, so one zero byte signs exactly as Pushpin's empty sig_key.
        Arguments.of("signed with the empty key (Pushpin without sig_key)",
            hs256(HS256, claims(NOW + 60), new byte[1])));
  }

  private static byte[] ones(int n) {
    byte[] bytes = new byte[n];
    java.util.Arrays.fill(bytes, (byte) 0xff);
    return bytes;
  }

  /** The last character of a 32-byte signature carries 2 unused bits; set one of them. */
  private static String nonCanonical(String token) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = token.charAt(token.length() - 1);
    char changed = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    return token.substring(0, token.length() - 1) + changed;
  }

  private static String nonUtf8Claims(byte[] key) {
    byte[] claimBytes = ("{\"iss\":\"push\u00ffpin\",\"exp\":" + (NOW + 60) + "}")
        .getBytes(StandardCharsets.ISO_8859_1);
    String input = b64(HS256) + "." + b64(claimBytes);
    return input + "." + b64(TestTokens.hmac(key, input));
  }

  @Test
  void tokensOfTheTableAreRefusedForTheRightReason() {
    // Guards the table: the same tokens, made valid, pass (so each row fails for its own fault).
    assertThat(pushpin().verify(hs256(claims(NOW + 1), "changeme"))).isTrue();
    assertThat(pushpin().verify(hs256("{\"iss\":\"pushpin\",\"exp\":" + (NOW + 60)
        + ",\"pad\":\"" + "x".repeat(2900) + "\"}", "changeme"))).isTrue();
    assertThat(verifier(GripConfig.builder().verifyKey(GripKey.publicKey(OTHER_KEYS.getPublic()))
        .build()).verify(es256(ES256, claims(NOW + 60), OTHER_KEYS.getPrivate()))).isTrue();
  }

  @Test
  void es256TokenIsRefusedByASharedKey() {
    String token = es256(ES256, claims(NOW + 60), PROXY_KEYS.getPrivate());
    assertThat(es256Verifier().verify(token)).isTrue();
    assertThat(pushpin().verify(token)).isFalse();
  }

  @Test
  void nullHeaderIsRefused() {
    assertThat(pushpin().verify(null)).isFalse();
  }

  @Test
  void nbfWithinTheLeewayIsAccepted() {
    String token = hs256("{\"iss\":\"pushpin\",\"exp\":" + (NOW + 60) + ",\"nbf\":" + (NOW + 5)
        + "}", "changeme");
    assertThat(pushpin().verify(token)).isTrue();
    GripSigVerifier strict = verifier(GripConfig.builder().verifyKey("changeme")
        .leeway(java.time.Duration.ZERO).build());
    assertThat(strict.verify(token)).isFalse();
  }

  @Test
  void nbfInThePastIsAccepted() {
    assertThat(pushpin().verify(hs256("{\"iss\":\"pushpin\",\"exp\":" + (NOW + 60) + ",\"nbf\":"
        + (NOW - 60) + "}", "changeme"))).isTrue();
  }

  @Test
  void leewayNeverExtendsExp() {
    GripSigVerifier generous = verifier(GripConfig.builder().verifyKey("changeme")
        .leeway(java.time.Duration.ofMinutes(5)).build());
    assertThat(generous.verify(hs256(claims(NOW), "changeme"))).isFalse();
  }

  @Test
  void fractionalExpIsComparedExactly() {
    GripConfig config = GripConfig.builder().verifyKey("changeme").build();
    String token = hs256("{\"exp\":" + NOW + ".5}", "changeme");
    assertThat(verifier(config).verify(token)).isTrue();
    GripSigVerifier later = GripSigVerifier.builder(config)
        .clock(Clock.fixed(Instant.ofEpochSecond(NOW, 500_000_000), ZoneOffset.UTC)).build();
    assertThat(later.verify(token)).isFalse();
  }

  @Test
  void verifierUsesItsClock() {
    GripConfig config = GripConfig.builder().verifyKey("changeme").verifyIssuer("pushpin").build();
    String token = hs256(claims(NOW + 10), "changeme");
    assertThat(at(config, NOW + 9).verify(token)).isTrue();
    assertThat(at(config, NOW + 10).verify(token)).isFalse();
  }

  @Test
  void secondProxyKeyValidatesWhenTheFirstIsWrong() {
    // BH-14 "two proxies": any configured proxy may have signed.
    GripConfig two = GripConfig.parse(
        "http://proxy-a:5561/?iss=pushpin&key=wrong-key, http://proxy-b:5561/?iss=pushpin&key=changeme");
    GripConfig firstOnly = GripConfig.parse("http://proxy-a:5561/?iss=pushpin&key=wrong-key");
    assertThat(verifier(two).verify(VALID_UNTIL_2100)).isTrue();
    assertThat(verifier(firstOnly).verify(VALID_UNTIL_2100)).isFalse();
  }

  @Test
  void sharedSecretAndPublicKeyCanBeConfiguredTogether() {
    GripSigVerifier both = verifier(GripConfig.builder().verifyKey("changeme")
        .verifyKey(GripKey.publicKey(PROXY_KEYS.getPublic())).build());
    assertThat(both.verify(VALID_UNTIL_2100)).isTrue();
    assertThat(both.verify(es256(ES256, claims(NOW + 60), PROXY_KEYS.getPrivate()))).isTrue();
    // Still no confusion: HS256 with the public key's bytes is refused by the shared-key rule too.
    assertThat(both.verify(hs256(HS256, claims(NOW + 60), PROXY_KEYS.getPublic().getEncoded())))
        .isFalse();
  }

  @Test
  void keyBytesFromBase64AreUsedAsBytes() {
    // BH-16: FB EF BE FB EF BE; a String round trip would turn it into EF BF BD ...
    byte[] key = {(byte) 0xfb, (byte) 0xef, (byte) 0xbe, (byte) 0xfb, (byte) 0xef, (byte) 0xbe};
    GripSigVerifier v = verifier(GripConfig.parse(
        "https://api.example.com/realm/realm?iss=realm&key=base64:++++++++"));
    assertThat(v.verify(hs256(HS256, claims(NOW + 60), key))).isTrue();
    byte[] roundTripped = new String(key, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    assertThat(roundTripped).isNotEqualTo(key);
    assertThat(v.verify(hs256(HS256, claims(NOW + 60), roundTripped))).isFalse();
  }

  @Test
  void everySingleCharacterChangeOfAValidTokenIsRefused() {
    String good = hs256(claims(NOW + 60), "changeme");
    GripSigVerifier v = pushpin();
    assertThat(v.verify(good)).isTrue();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
    for (int i = 0; i < good.length(); i++) {
      for (char c : alphabet.toCharArray()) {
        if (c == good.charAt(i)) {
          continue;
        }
        String mutated = good.substring(0, i) + c + good.substring(i + 1);
        assertThatCode(() -> v.verify(mutated)).doesNotThrowAnyException();
        assertThat(v.verify(mutated)).as(mutated).isFalse();
      }
    }
  }

  @Test
  void noKeyConfiguredRefusesEverything() {
    GripSigVerifier none = verifier(GripConfig.parse("http://localhost:5561/").toBuilder()
        .signatureOptional().build());
    assertThat(none.verify(VALID_UNTIL_2100)).isFalse();
    assertThatThrownBy(() -> verifier(GripConfig.parse("http://localhost:5561/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("GRIP config: no verify key, so no Grip-Sig can be checked");
  }

  @Test
  void emptyKeyIsRefusedEverywhere() {
    assertThatThrownBy(() -> GripKey.sharedSecret(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GRIP key: empty shared secret");
    assertThatThrownBy(() -> GripKey.parse(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GRIP key: empty key");
    assertThatThrownBy(() -> GripKey.parse("base64:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GRIP key: empty key");
    // A key of zero bytes is HMAC's empty key in disguise.
    assertThatThrownBy(() -> GripKey.sharedSecret(new byte[3]))
        .hasMessage("GRIP key: shared secret of only zero bytes, which HMAC treats as the empty key");
    assertThatThrownBy(() -> GripKey.parse("base64:AAAA"))
        .hasMessage("GRIP key: key of only zero bytes, which HMAC treats as the empty key");
    assertThatThrownBy(() -> GripEndpoint.parse("http://h/?iss=pushpin&key=%00"))
        .hasMessage("GRIP URL: key of only zero bytes, which HMAC treats as the empty key");
    assertThatThrownBy(() -> GripEndpoint.parse("http://h/?iss=pushpin&key="))
        .hasMessage("GRIP URL: empty key");
  }

  @Test
  void fastlyDefaultKeyIsAValidP256PublicKey() {
    GripKey fastly = GripKey.fastlyFanout();
    assertThat(fastly.algorithm()).isEqualTo("ES256");
    ECPublicKey key = fastly.ecPublicKey();
    assertThat(key).isNotNull();
    assertThat(key.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    assertThat(key.getParams().getOrder()).isEqualTo(new BigInteger(
        "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16));
    assertThat(fastly).isEqualTo(GripKey.parse(GripKey.FASTLY_FANOUT_PEM));
  }

  @Test
  void fastlyIssuerUsesFastlysKeyByDefault() {
    GripConfig config = GripConfig.builder().verifyIssuer("fastly:SERVICEID").build();
    assertThat(config.verifyKeys()).containsExactly(GripKey.fastlyFanout());
    GripEndpoint endpoint = GripEndpoint.parse(
        "https://api.fastly.com/service/SERVICEID?key=TOKEN&verify-iss=fastly:SERVICEID");
    assertThat(endpoint.verifyKey()).isEqualTo(GripKey.fastlyFanout());
  }

  @Test
  void tokenIssuedByFanoutVerifiesWithTheEmbeddedKey() {
    GripConfig config = GripConfig.builder().verifyKey(GripKey.fastlyFanout()).build();
    assertThat(at(config, 1_675_365_000L).verify(FANOUT_ISSUED)).isTrue();
    assertThat(at(config, 1_675_365_428L).verify(FANOUT_ISSUED)).isFalse();
    GripConfig otherService = GripConfig.builder().verifyIssuer("fastly:SERVICEID").build();
    assertThat(at(otherService, 1_675_365_000L).verify(FANOUT_ISSUED)).isFalse();
  }

  @Test
  void fastlyIssuerRefusesAnEs256TokenSignedByAnotherKey() {
    GripSigVerifier fanout = verifier(GripConfig.parse(
        "https://api.fastly.com/service/SERVICEID?key=TOKEN&verify-iss=fastly:SERVICEID"));
    String forged = es256(ES256, "{\"iss\":\"fastly:SERVICEID\",\"exp\":" + (NOW + 60) + "}",
        OTHER_KEYS.getPrivate());
    assertThat(fanout.verify(forged)).isFalse();
    // Nor does the API token work as an HMAC key.
    assertThat(fanout.verify(hs256("{\"iss\":\"fastly:SERVICEID\",\"exp\":" + (NOW + 60) + "}",
        "TOKEN"))).isFalse();
  }

  @Test
  void derSignatureIsMinimal() {
    // r with the high bit set needs a leading zero; a small s needs none.
    byte[] der = Jwt.derSignature(new BigInteger("80", 16), BigInteger.ONE);
    assertThat(der).containsExactly(0x30, 0x07, 0x02, 0x02, 0x00, 0x80, 0x02, 0x01, 0x01);
  }

  @Test
  void toStringShowsNoSecret() {
    GripSigVerifier v = verifier(GripConfig.parse(
        "http://localhost:5561/?iss=pushpin&key=changeme-secret-value"));
    assertThat(v.toString()).doesNotContain("changeme-secret-value")
        .contains("GripKey[HS256, 21 bytes]");
  }
}
