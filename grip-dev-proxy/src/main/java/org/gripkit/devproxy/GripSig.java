package org.gripkit.devproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The HS256 JSON Web Tokens the proxy signs its requests with ({@code Grip-Sig}) and accepts
 * as publish credentials ({@code Authorization: Bearer}).
 *
 * <pre>
 *   base64url({"typ":"JWT","alg":"HS256"}) "." base64url({"iss":"pushpin","exp":1700003600})
 *     "." base64url(HMAC-SHA256(key, header "." claims))
 * </pre>
 *
 * Claims are {@code iss} and {@code exp} (now + 1 hour), nothing else, as Pushpin makes them.
 */
final class GripSig {
  static final Duration LIFETIME = Duration.ofHours(1);

  private static final String HEADER = "{\"typ\":\"JWT\",\"alg\":\"HS256\"}";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();
  private static final ObjectMapper JSON = new ObjectMapper();

  private GripSig() {}

  /** A token with {@code iss} and {@code exp = now + 1 h}. */
  static String mint(String issuer, byte[] key, Instant now) {
    String claims = "{\"iss\":" + jsonString(issuer) + ",\"exp\":"
        + now.plus(LIFETIME).getEpochSecond() + "}";
    String signingInput = encode(HEADER) + "." + encode(claims);
    return signingInput + "." + B64.encodeToString(hmac(key, signingInput));
  }

  /**
   * Whether {@code token} is an HS256 token signed with {@code key} that has not expired and,
   * when {@code issuer} is not null, names that issuer.
   */
  static boolean isValid(@Nullable String token, byte[] key, @Nullable String issuer,
      Instant now) {
    if (token == null || key.length == 0) {
      return false;
    }
    int dot1 = token.indexOf('.');
    int dot2 = token.indexOf('.', dot1 + 1);
    if (dot1 <= 0 || dot2 <= dot1 + 1 || token.indexOf('.', dot2 + 1) >= 0) {
      return false;
    }
    try {
      JsonNode header = JSON.readTree(B64_DECODER.decode(token.substring(0, dot1)));
      if (header == null || !"HS256".equals(header.path("alg").asText(null))) {
        return false;
      }
      byte[] expected = hmac(key, token.substring(0, dot2));
      byte[] actual = B64_DECODER.decode(token.substring(dot2 + 1));
      if (!MessageDigest.isEqual(expected, actual)) {
        return false;
      }
      JsonNode claims = JSON.readTree(B64_DECODER.decode(token.substring(dot1 + 1, dot2)));
      if (claims == null || !claims.isObject()) {
        return false;
      }
      JsonNode exp = claims.get("exp");
      if (exp != null && (!exp.isNumber() || exp.asLong() <= now.getEpochSecond())) {
        return false;
      }
      return issuer == null || issuer.equals(claims.path("iss").asText(null));
    } catch (IllegalArgumentException | IOException e) {
      return false;
    }
  }

  static byte[] hmac(byte[] key, String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e); // every JDK has it
    }
  }

  private static String encode(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String jsonString(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e); // a String always serializes
    }
  }
}
