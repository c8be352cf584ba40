package org.gripkit.sample.qa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets (user keys, host codes) and their stored form, a SHA-256 hash. */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] CODE_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private Secrets() {}

  /** A user key: 32 random bytes, base64url without padding. */
  static String userKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A host code: 12 characters of [a-z0-9], about 62 bits. */
  static String hostCode() {
    char[] code = new char[Limits.HOST_CODE_LENGTH];
    for (int i = 0; i < code.length; i++) {
      code[i] = CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)];
    }
    return new String(code);
  }

  static String hash(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is in every JDK", e);
    }
  }

  /** Whether a secret matches a stored hash, in constant time. */
  static boolean matches(String secret, String storedHash) {
    return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
        storedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
