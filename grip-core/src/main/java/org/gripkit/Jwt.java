package org.gripkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact JWS (RFC 7515 section 7.1) with the JDK only:
 *
 * <pre>
 *   BASE64URL(header) '.' BASE64URL(claims) '.' BASE64URL(signature)
 *   signature = HS256 or ES256 over the ASCII of BASE64URL(header) '.' BASE64URL(claims)
 * </pre>
 *
 * Base64url is without padding (RFC 7515 section 2).
 */
final class Jwt {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final String HS256_HEADER =
      B64URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private Jwt() {}

  /** An HS256 token with the claims {@code {"iss": iss, "exp": exp}}. */
  static String signHs256(String iss, long exp, byte[] key) {
    ObjectNode claims = JSON.createObjectNode().put("iss", iss).put("exp", exp);
    String payload;
    try {
      payload = B64URL.encodeToString(JSON.writeValueAsBytes(claims));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JWT claims", e);
    }
    String signingInput = HS256_HEADER + '.' + payload;
    return signingInput + '.' + B64URL.encodeToString(hmacSha256(key, signingInput));
  }

  static byte[] hmacSha256(byte[] key, String signingInput) {
    try {
      // A new Mac per call: Mac instances are not thread-safe, and this is cheap.
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
