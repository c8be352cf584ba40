package org.gripkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A verify key written as a JSON Web Key (RFC 7517), of the two kinds a {@code Grip-Sig} can be
 * checked with:
 *
 * <pre>
 *   {"kty":"EC","crv":"P-256","x":BASE64URL(32 bytes),"y":BASE64URL(32 bytes)}   ES256
 *   {"kty":"oct","k":BASE64URL(secret)}                                           HS256
 * </pre>
 *
 * (RFC 7518 sections 6.2.1 and 6.4.1). The optional members must agree with that use when
 * present: {@code alg} is {@code ES256} or {@code HS256} as the key type says, {@code use} is
 * {@code sig}, {@code key_ops} includes {@code verify}; others such as {@code kid} are ignored. A
 * private EC key (with {@code d}) is refused: configuration should not hold it. Base64url is
 * strict (no padding, one spelling per value). Messages never quote key material.
 */
final class Jwk {
  /** RFC 7518 section 6.2.1.2: P-256 coordinates are exactly 32 bytes. */
  private static final int P256_COORDINATE_BYTES = 32;

  private Jwk() {}

  /** Whether raw configuration text is meant as a JWK: its first non-blank character is '{'. */
  static boolean looksLikeJson(byte[] raw) {
    for (byte b : raw) {
      if (b == '{') {
        return true;
      }
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return false;
  }

  /** Whether decoded key bytes are a JSON object with a {@code kty}: a JWK sent as base64. */
  static boolean isJwk(byte[] bytes) {
    JsonNode node = looksLikeJson(bytes) ? Jwt.readObject(bytes) : null;
    return node != null && node.has("kty");
  }

  static GripKey parse(byte[] json, String where, String what) {
    String is = where + ": " + what + " is a JWK ";
    JsonNode jwk = Jwt.readObject(json);
    if (jwk == null) {
      throw new IllegalArgumentException(is + "but not one JSON object");
    }
    String kty = text(jwk, "kty", is);
    if (kty == null) {
      throw new IllegalArgumentException(is + "without kty");
    }
    String use = text(jwk, "use", is);
    if (use != null && !use.equals("sig")) {
      throw new IllegalArgumentException(is + "whose use is not sig");
    }
    JsonNode ops = jwk.get("key_ops");
    if (ops != null && !(ops.isArray() && containsText(ops, "verify"))) {
      throw new IllegalArgumentException(is + "whose key_ops do not include verify");
    }
    String alg = text(jwk, "alg", is);
    switch (kty) {
      case "EC" -> {
        checkAlg(alg, "ES256", is);
        return ec(jwk, is, where + ": " + what);
      }
      case "oct" -> {
        checkAlg(alg, "HS256", is);
        byte[] k = bytes(jwk, "k", is);
        if (k.length == 0 || Keys.allZero(k)) {
          throw new IllegalArgumentException(is + "with an empty k (or only zero bytes)");
        }
        try {
          return GripKey.sharedSecret(k);
        } finally {
          Arrays.fill(k, (byte) 0);
        }
      }
      default -> throw new IllegalArgumentException(
          is + "of kty " + kty + " (only EC P-256 and oct keys check Grip-Sig)");
    }
  }

  private static GripKey ec(JsonNode jwk, String is, String where) {
    String crv = text(jwk, "crv", is);
    if (!"P-256".equals(crv)) {
      throw new IllegalArgumentException(is + "on curve " + crv + ", not P-256");
    }
    if (jwk.has("d")) {
      throw new IllegalArgumentException(
          is + "holding a private key (d): configure the public key only");
    }
    byte[] x = bytes(jwk, "x", is);
    byte[] y = bytes(jwk, "y", is);
    if (x.length != P256_COORDINATE_BYTES || y.length != P256_COORDINATE_BYTES) {
      throw new IllegalArgumentException(is + "whose x and y are not 32 bytes each");
    }
    ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
    PublicKey key;
    try {
      key = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, Keys.P256));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(where + " is not an EC P-256 public key");
    }
    return GripKey.publicKey(Keys.checkP256(key, where));
  }

  private static void checkAlg(@Nullable String alg, String expected, String is) {
    if (alg != null && !alg.equals(expected)) {
      throw new IllegalArgumentException(is + "for alg " + alg + ", but its kty means " + expected);
    }
  }

  private static @Nullable String text(JsonNode jwk, String name, String is) {
    JsonNode value = jwk.get(name);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(is + "whose " + name + " is not a string");
    }
    return value.textValue();
  }

  private static byte[] bytes(JsonNode jwk, String name, String is) {
    String value = text(jwk, name, is);
    if (value == null) {
      throw new IllegalArgumentException(is + "without " + name);
    }
    byte[] bytes = Jwt.decodeSegment(value, 0, value.length());
    if (bytes == null) {
      throw new IllegalArgumentException(is + "with bad base64url in " + name);
    }
    return bytes;
  }

  private static boolean containsText(JsonNode array, String text) {
    for (JsonNode element : array) {
      if (element.isTextual() && element.textValue().equals(text)) {
        return true;
      }
    }
    return false;
  }
}
