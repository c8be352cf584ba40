package org.gripkit.devproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GripSigTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000);

  @Test
  void mintedTokenVerifiesIndependentlyWithIssAndExpOnly() {
    String token = GripSig.mint("pushpin", KEY, NOW);

    JsonNode claims = Hs256.verifiedClaims(token, KEY);
    assertThat(claims).isNotNull();
    assertThat(claims.toString()).isEqualTo("{\"iss\":\"pushpin\",\"exp\":1700003600}");
  }

  @Test
  void tokenIsValidUntilItExpires() {
    String token = GripSig.mint("pushpin", KEY, NOW);

    assertThat(GripSig.isValid(token, KEY, "pushpin", NOW.plusSeconds(3599))).isTrue();
    assertThat(GripSig.isValid(token, KEY, "pushpin", NOW.plusSeconds(3600))).isFalse();
  }

  @Test
  void wrongKeyIssuerOrShapeIsRefused() {
    String token = GripSig.mint("pushpin", KEY, NOW);

    assertThat(GripSig.isValid(token, new byte[32], "pushpin", NOW)).isFalse();
    assertThat(GripSig.isValid(token, KEY, "someone-else", NOW)).isFalse();
    assertThat(GripSig.isValid(token, KEY, null, NOW)).isTrue();
    assertThat(GripSig.isValid(token + "x", KEY, "pushpin", NOW)).isFalse();
    assertThat(GripSig.isValid("a.b", KEY, "pushpin", NOW)).isFalse();
    assertThat(GripSig.isValid(null, KEY, "pushpin", NOW)).isFalse();
  }

  @Test
  void emptyKeyIsRefused() {
    // The JDK cannot even compute HMAC with an empty key; the check must say no, not throw.
    assertThat(GripSig.isValid(GripSig.mint("pushpin", KEY, NOW), new byte[0], "pushpin", NOW))
        .isFalse();
  }

  @Test
  void unsignedAlgorithmIsRefused() {
    String none = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
        + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"iss\":\"pushpin\"}".getBytes()) + ".";

    assertThat(GripSig.isValid(none, KEY, "pushpin", NOW)).isFalse();
  }
}
