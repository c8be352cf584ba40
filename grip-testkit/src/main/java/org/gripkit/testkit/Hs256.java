package org.gripkit.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * HS256 compact JWS with the JDK, written apart from grip-core's own so that the kit checks the
 * library rather than itself:
 *
 * <pre>
 *   BASE64URL({"typ":"JWT","alg":"HS256"}) '.' BASE64URL({"iss":I,"exp":E}) '.' BASE64URL(HMAC)
 * </pre>
 *
 * The header is spelled as Pushpin 1.36 spells it (PUSHPIN-OBSERVED.md).
 */
final class Hs256 {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER =
      B64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes(StandardCharsets.US_ASCII));

  private Hs256() {}

  /** A token with exactly the claims {@code iss} and {@code exp} (epoch seconds). */
  static String sign(String issuer, long exp, byte[] key) {
    String claims;
    try {
      claims = JSON.writeValueAsString(JSON.createObjectNode().put("iss", issuer).put("exp", exp));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JWT claims", e);
    }
    String input = HEADER + '.' + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    return input + '.' + B64.encodeToString(hmac(key, input));
  }

  /**
   * Why {@code token} is not an HS256 token of {@code issuer} signed with {@code key} and valid
   * at {@code now}; null when it is.
   */
  static @Nullable String problem(String token, String issuer, byte[] key, Instant now) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      return "not a JWT (three base64url parts)";
    }
    byte[] signature;
    JsonNode header;
    JsonNode claims;
    try {
      header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      signature = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException | java.io.IOException e) {
      return "not a JWT (bad base64url or JSON)";
    }
    if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
      return "not a JWT (header or claims not a JSON object)";
    }
    if (!"HS256".equals(header.path("alg").asText(null))) {
      return "JWT alg is " + header.path("alg") + ", not \"HS256\"";
    }
    if (!MessageDigest.isEqual(signature, hmac(key, parts[0] + '.' + parts[1]))) {
      return "JWT signature does not match the key";
    }
    JsonNode iss = claims.get("iss");
    if (iss == null || !iss.isTextual() || !iss.textValue().equals(issuer)) {
      return "JWT iss is " + iss + ", not \"" + issuer + "\"";
    }
    JsonNode exp = claims.get("exp");
    if (exp == null || !exp.isNumber()) {
      return "JWT has no numeric exp";
    }
    if (exp.asLong() <= now.getEpochSecond()) {
      return "JWT expired at " + Instant.ofEpochSecond(exp.asLong());
    }
    return null;
  }

  private static byte[] hmac(byte[] key, String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
