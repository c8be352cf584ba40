package org.gripkit.devproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The test origin's own Grip-Sig check, written apart from the proxy's code. */
final class Hs256 {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Hs256() {}

  /** The claims of a token whose HS256 signature matches the key, or null. */
  static JsonNode verifiedClaims(String token, byte[] key) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
        return null;
      }
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      if (!"HS256".equals(header.path("alg").asText())) {
        return null;
      }
      return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether the token is valid now for that key and issuer. */
  static boolean valid(String token, byte[] key, String issuer) {
    if (token == null) {
      return false;
    }
    JsonNode claims = verifiedClaims(token, key);
    return claims != null && issuer.equals(claims.path("iss").asText())
        && claims.path("exp").asLong() > System.currentTimeMillis() / 1000;
  }

  /** Mints a token with the given claims JSON, for tests that forge or sign requests. */
  static String mint(String claimsJson, byte[] key) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
