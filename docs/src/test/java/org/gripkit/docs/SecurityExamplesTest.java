package org.gripkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.gripkit.GripConfig;
import org.gripkit.GripEndpoint;
import org.gripkit.GripKey;
import org.gripkit.GripSigVerifier;
import org.gripkit.servlet.Grip;
import org.junit.jupiter.api.Test;

/** The Grip-Sig and security page's configurations, checked with real tokens. */
class SecurityExamplesTest {
  private static final byte[] KEY = "a 32-byte key for these examples".getBytes(StandardCharsets.UTF_8);
  private static final String BASE64_KEY = Base64.getEncoder().encodeToString(KEY);

  @Test
  void pushpinFilterPassesSignedRequestsAndRefusesTheRestWith403() throws Exception {
    try (JettyApp app = new JettyApp()
        .filter(SecurityExamples.pushpinFilter(BASE64_KEY), "/*")
        .servlet(new EchoServlet(), "/ws")
        .start()) {
      String valid = Tokens.hs256("pushpin", Instant.now().plusSeconds(3600), KEY);
      String otherIssuer = Tokens.hs256("someone", Instant.now().plusSeconds(3600), KEY);
      String expired = Tokens.hs256("pushpin", Instant.now().minusSeconds(1), KEY);
      String forged = Tokens.hs256("pushpin", Instant.now().plusSeconds(3600),
          "not the key".getBytes(StandardCharsets.UTF_8));

      assertThat(Wire.post(app.uri("/ws"), "c1", List.of(Wire.open()), "Grip-Sig", valid)
          .statusCode()).isEqualTo(200);
      for (String sig : List.of(otherIssuer, expired, forged)) {
        HttpResponse<byte[]> refused =
            Wire.post(app.uri("/ws"), "c1", List.of(Wire.open()), "Grip-Sig", sig);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(Wire.text(refused)).isEqualTo("{\"error\":\"missing or invalid Grip-Sig\"}");
      }
      assertThat(Wire.post(app.uri("/ws"), "c1", List.of(Wire.open())).statusCode())
          .isEqualTo(403);
    }
  }

  @Test
  void fanoutConfigPublishesWithTheTokenAndVerifiesWithFastlysKey() {
    GripConfig config = SecurityExamples.fanout("SERVICE1", "API-TOKEN");
    GripEndpoint endpoint = config.endpoints().get(0);

    assertThat(endpoint.publishUri())
        .isEqualTo(URI.create("https://api.fastly.com/service/SERVICE1/publish/"));
    assertThat(endpoint.verifyIssuer()).isEqualTo("fastly:SERVICE1");
    assertThat(endpoint.verifyKey()).isEqualTo(GripKey.fastlyFanout());
    assertThat(endpoint.issuer()).isNull(); // a Bearer token, not a JWT
    assertThat(config.requireSignature()).isTrue();
    assertThat(config.toString()).doesNotContain("API-TOKEN");
  }

  @Test
  void rotationAcceptsTokensOfTheOldAndTheNewKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    GripConfig config = SecurityExamples.rotating(
        "http://127.0.0.1:5561/", "base64:" + BASE64_KEY, pem);
    GripSigVerifier verifier = SecurityExamples.verifierFor(config);
    Instant exp = Instant.now().plusSeconds(3600);

    assertThat(verifier.verify(Tokens.hs256("pushpin", exp, KEY))).isTrue();
    assertThat(verifier.verify(Tokens.es256("pushpin", exp, pair.getPrivate()))).isTrue();
    assertThat(verifier.verify(Tokens.es256("fastly:x", exp, pair.getPrivate()))).isFalse();
    assertThat(verifier.verify(null)).isFalse();
  }

  @Test
  void verifyingByHandReadsTheGripSigHeader() throws Exception {
    GripSigVerifier verifier = SecurityExamples.verifierFor(
        GripConfig.builder().verifyKey("base64:" + BASE64_KEY).build());
    boolean[] seen = new boolean[2];
    try (JettyApp app = new JettyApp().servlet(new jakarta.servlet.http.HttpServlet() {
      @Override
      protected void doGet(jakarta.servlet.http.HttpServletRequest req,
          jakarta.servlet.http.HttpServletResponse resp) {
        seen[0] = SecurityExamples.fromTheProxy(verifier, req);
        seen[1] = Grip.isProxied(req); // no GripFilter here: always false
        resp.setStatus(204);
      }
    }, "/hello").start()) {
      Wire.get(app.uri("/hello"), "Grip-Sig",
          Tokens.hs256("pushpin", Instant.now().plusSeconds(60), KEY));
    }
    assertThat(seen).containsExactly(true, false);
  }
}
