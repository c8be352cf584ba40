package org.gripkit;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Key text to key bytes and key objects. Every failure is an {@link IllegalArgumentException}
 * whose message names where the key came from and what is wrong, never the key itself; causes are
 * deliberately not chained, because JDK exceptions quote their input.
 */
final class Keys {
  private static final byte[] BASE64_PREFIX = "base64:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PEM_DASHES = "-----".getBytes(StandardCharsets.US_ASCII);
  private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String PEM_END = "-----END PUBLIC KEY-----";
  /** secp256r1 (NIST P-256), the only curve of ES256 (RFC 7518 section 3.4). */
  static final ECParameterSpec P256 = p256();

  private Keys() {}

  /**
   * A key as written in configuration: a JWK when the text starts with '{'; else {@code
   * base64:} and base64, or raw bytes, and then a PEM public key when the bytes start with five
   * dashes, a JWK when they are a JSON object with a {@code kty}, else a shared secret. (So a
   * random secret given as base64 is never taken for a JWK by its first byte alone.)
   *
   * @param where the source for messages, such as {@code "GRIP URL"}
   * @param what the parameter for messages, such as {@code "verify-key"}
   */
  static GripKey parseKey(byte[] raw, String where, String what) {
    boolean base64 = startsWith(raw, BASE64_PREFIX);
    if (!base64 && Jwk.looksLikeJson(raw)) {
      return Jwk.parse(raw, where, what);
    }
    byte[] bytes = decodeValue(raw, where, what);
    if (startsWith(bytes, PEM_DASHES)) {
      return GripKey.publicKey(parsePem(bytes, where, what));
    }
    if (base64 && Jwk.isJwk(bytes)) {
      return Jwk.parse(bytes, where, what);
    }
    return GripKey.sharedSecret(bytes);
  }

  /** {@code base64:} and base64 to its bytes, anything else as it is; never empty. */
  static byte[] decodeValue(byte[] raw, String where, String what) {
    byte[] bytes = startsWith(raw, BASE64_PREFIX) ? decodeBase64(raw, where, what) : raw;
    if (bytes.length == 0) {
      throw new IllegalArgumentException(where + ": empty " + what);
    }
    if (allZero(bytes)) {
      throw new IllegalArgumentException(where + ": " + what + " of only zero bytes, which HMAC"
          + " treats as the empty key");
    }
    return bytes;
  }

  /**
   * Base64 after the {@code base64:} prefix, in the standard or the URL-safe alphabet (not mixed),
   * padding optional. A {@code +} is a {@code +}: it never stood for a space here.
   */
  private static byte[] decodeBase64(byte[] raw, String where, String what) {
    boolean standard = false;
    boolean urlSafe = false;
    int end = raw.length;
    while (end > BASE64_PREFIX.length && raw[end - 1] == '=') {
      end--;
    }
    for (int i = BASE64_PREFIX.length; i < end; i++) {
      byte b = raw[i];
      if (b == '+' || b == '/') {
        standard = true;
      } else if (b == '-' || b == '_') {
        urlSafe = true;
      } else if (!(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9')) {
        throw new IllegalArgumentException(where + ": bad base64 in " + what);
      }
    }
    int length = end - BASE64_PREFIX.length;
    if (standard && urlSafe || length % 4 == 1) {
      throw new IllegalArgumentException(where + ": bad base64 in " + what);
    }
    byte[] text = Arrays.copyOfRange(raw, BASE64_PREFIX.length, end);
    try {
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": bad base64 in " + what);
    } finally {
      Arrays.fill(text, (byte) 0);
    }
  }

  /** A PEM {@code PUBLIC KEY} block (an X.509 SubjectPublicKeyInfo) holding an EC P-256 key. */
  static ECPublicKey parsePem(byte[] pem, String where, String what) {
    String text = new String(pem, StandardCharsets.US_ASCII).strip();
    if (!text.startsWith(PEM_BEGIN) || !text.endsWith(PEM_END)) {
      throw new IllegalArgumentException(
          where + ": " + what + " is PEM but not a PUBLIC KEY block");
    }
    String body = text.substring(PEM_BEGIN.length(), text.length() - PEM_END.length());
    byte[] der;
    try {
      // Strict: line breaks and spaces go, anything else outside the alphabet is an error.
      der = Base64.getDecoder().decode(body.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": bad base64 in PEM " + what);
    }
    try {
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
      return checkP256(key, where + ": " + what);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(where + ": " + what + " is not an EC P-256 public key");
    }
  }

  /** The key as an EC key on P-256 whose point is on the curve. */
  static ECPublicKey checkP256(PublicKey key, String where) {
    if (!(key instanceof ECPublicKey ec) || !sameCurve(ec.getParams(), P256)) {
      throw new IllegalArgumentException(where + " is not an EC P-256 public key");
    }
    if (!onCurve(ec.getW())) {
      throw new IllegalArgumentException(where + ": point is not on the P-256 curve");
    }
    return ec;
  }

  /** RFC 3986 percent-decoding to bytes; {@code +} stays {@code +}. Null if an escape is bad. */
  static byte @Nullable [] percentDecode(String raw) {
    byte[] out = new byte[raw.length() * 3];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        out[n++] = (byte) c;
      } else {
        // java.net.URI lets "other" Unicode characters through unescaped; they mean their UTF-8.
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
          utf8 = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        System.arraycopy(utf8, 0, out, n, utf8.length);
        n += utf8.length;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Strict UTF-8, or null when the bytes are not UTF-8. */
  static @Nullable String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * HMAC pads a short key with zero bytes, so a key of only zero bytes signs exactly like the
   * empty key that Pushpin uses when {@code sig_key} is not set.
   */
  static boolean allZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
    return a.getCurve().equals(b.getCurve())
        && a.getGenerator().equals(b.getGenerator())
        && a.getOrder().equals(b.getOrder())
        && a.getCofactor() == b.getCofactor();
  }

  /** y^2 = x^3 + ax + b (mod p), coordinates in range, not the point at infinity. */
  private static boolean onCurve(ECPoint w) {
    if (w.equals(ECPoint.POINT_INFINITY)) {
      return false;
    }
    BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
    BigInteger x = w.getAffineX();
    BigInteger y = w.getAffineY();
    if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right =
        x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
    return left.equals(right);
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no secp256r1", e);
    }
  }
}
