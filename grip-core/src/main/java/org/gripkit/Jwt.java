package org.gripkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

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
  /** Strict reading: a duplicate member or trailing data is an error, numbers keep precision. */
  private static final JsonMapper STRICT_JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
  /** ES256 signatures are R || S, 32 bytes each (RFC 7518 section 3.4). */
  private static final int ES256_HALF = 32;
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
    return hmacSha256(key, signingInput.getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] hmacSha256(byte[] key, byte[] signingInput) {
    try {
      // A new Mac per call: Mac instances are not thread-safe, and this is cheap.
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(signingInput);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** One way a token may be valid: checked with this key, and carrying this issuer if not null. */
  record Rule(GripKey key, @Nullable String issuer) {}

  /** The reasons {@link #check} gives; see {@link GripListener#signatureChecked}. */
  static final String VALID = "valid";
  static final String MALFORMED = "malformed";
  static final String ALGORITHM = "algorithm";
  static final String SIGNATURE = "signature";
  static final String EXPIRED = "expired";
  static final String NOT_YET_VALID = "not-yet-valid";
  static final String ISSUER = "issuer";

  /**
   * Whether {@code token} is a compact JWS that at least one rule accepts at {@code now}: {@link
   * #VALID}, or why not. Never throws for any token. With several rules the reason is the one
   * that got furthest: a claim of a token whose signature some key made, else {@link
   * #SIGNATURE} when some key had the token's algorithm, else {@link #ALGORITHM}.
   *
   * <p>The algorithm comes from the rule's key; the token's {@code alg} must merely equal it. The
   * claims must hold a numeric {@code exp} above zero with {@code now < exp} (no leeway: Pushpin's
   * own rule); a numeric {@code nbf}, when present, must be at most {@code now + leeway}; {@code
   * iss} must equal the rule's issuer when it has one.
   */
  static String check(String token, List<Rule> rules, Instant now, Duration leeway) {
    int dot1 = token.indexOf('.');
    int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
    if (dot1 <= 0 || dot2 < 0 || dot2 == dot1 + 1 || dot2 == token.length() - 1
        || token.indexOf('.', dot2 + 1) >= 0) {
      return MALFORMED;
    }
    byte[] headerBytes = decodeSegment(token, 0, dot1);
    byte[] claimBytes = decodeSegment(token, dot1 + 1, dot2);
    byte[] signature = decodeSegment(token, dot2 + 1, token.length());
    if (headerBytes == null || claimBytes == null || signature == null) {
      return MALFORMED;
    }
    JsonNode header = readObject(headerBytes);
    JsonNode claims = readObject(claimBytes);
    if (header == null || claims == null) {
      return MALFORMED;
    }
    JsonNode alg = header.get("alg");
    // No extension is understood here, so a critical one means "refuse" (RFC 7515 4.1.11).
    if (alg == null || !alg.isTextual() || header.has("crit")) {
      return MALFORMED;
    }
    byte[] signingInput = token.substring(0, dot2).getBytes(StandardCharsets.US_ASCII);
    String best = ALGORITHM;
    for (Rule rule : rules) {
      if (!alg.textValue().equals(rule.key().algorithm())) {
        continue;
      }
      if (best.equals(ALGORITHM)) {
        best = SIGNATURE;
      }
      if (!signatureValid(rule.key(), signingInput, signature)) {
        continue;
      }
      String refused = claimsRefusal(claims, rule.issuer(), now, leeway);
      if (refused == null) {
        return VALID;
      }
      best = refused;
    }
    return best;
  }

  private static boolean signatureValid(GripKey key, byte[] signingInput, byte[] signature) {
    byte[] secret = key.secretBytes();
    if (secret != null) {
      if (secret.length == 0) {
        return false; // Pushpin with an empty sig_key: anyone can make such a token.
      }
      byte[] expected = hmacSha256(secret, signingInput);
      return MessageDigest.isEqual(expected, signature);
    }
    ECPublicKey publicKey = key.ecPublicKey();
    if (publicKey == null || signature.length != 2 * ES256_HALF) {
      return false;
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, ES256_HALF));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, ES256_HALF, 2 * ES256_HALF));
    BigInteger n = Keys.P256.getOrder();
    if (r.signum() == 0 || s.signum() == 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
      return false; // Also what CVE-2022-21449 got wrong: r = s = 0 must never verify.
    }
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(publicKey);
      verifier.update(signingInput);
      return verifier.verify(derSignature(r, s));
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** ASN.1 DER {@code SEQUENCE { INTEGER r, INTEGER s }}, what the JDK's ECDSA verifies. */
  static byte[] derSignature(BigInteger r, BigInteger s) {
    byte[] rb = r.toByteArray(); // minimal two's complement: a leading 0 only when needed
    byte[] sb = s.toByteArray();
    int length = 2 + rb.length + 2 + sb.length; // at most 70: short-form lengths suffice
    byte[] der = new byte[2 + length];
    der[0] = 0x30;
    der[1] = (byte) length;
    der[2] = 0x02;
    der[3] = (byte) rb.length;
    System.arraycopy(rb, 0, der, 4, rb.length);
    int at = 4 + rb.length;
    der[at] = 0x02;
    der[at + 1] = (byte) sb.length;
    System.arraycopy(sb, 0, der, at + 2, sb.length);
    return der;
  }

  /** Why the claims refuse the token, or null when they accept it. */
  private static @Nullable String claimsRefusal(
      JsonNode claims, @Nullable String issuer, Instant now, Duration leeway) {
    BigDecimal nowSeconds = seconds(now);
    JsonNode exp = claims.get("exp");
    if (exp == null || !exp.isNumber()) {
      return EXPIRED;
    }
    BigDecimal expires = exp.decimalValue();
    if (expires.signum() <= 0 || nowSeconds.compareTo(expires) >= 0) {
      return EXPIRED;
    }
    JsonNode nbf = claims.get("nbf");
    if (nbf != null) {
      if (!nbf.isNumber() || nbf.decimalValue().compareTo(seconds(now.plus(leeway))) > 0) {
        return NOT_YET_VALID;
      }
    }
    if (issuer != null) {
      JsonNode iss = claims.get("iss");
      if (iss == null || !iss.isTextual() || !iss.textValue().equals(issuer)) {
        return ISSUER;
      }
    }
    return null;
  }

  private static BigDecimal seconds(Instant instant) {
    return BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9));
  }

  /**
   * Strict base64url without padding: only the 64 URL-safe characters, and the canonical
   * encoding of its bytes (no stray low bits), so one token has one spelling. Null if bad.
   */
  static byte @Nullable [] decodeSegment(String token, int from, int to) {
    if ((to - from) % 4 == 1) {
      return null;
    }
    for (int i = from; i < to; i++) {
      char c = token.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
          || c == '-' || c == '_')) {
        return null;
      }
    }
    String segment = token.substring(from, to);
    byte[] bytes;
    try {
      bytes = B64URL_DECODER.decode(segment);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return B64URL.encodeToString(bytes).equals(segment) ? bytes : null;
  }

  /**
   * A JSON object from strict UTF-8 (no duplicate member, nothing after it), or null for
   * anything else.
   */
  static @Nullable JsonNode readObject(byte[] bytes) {
    if (Utf8.firstInvalid(bytes, 0, bytes.length) >= 0) {
      return null;
    }
    try {
      JsonNode node = STRICT_JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
