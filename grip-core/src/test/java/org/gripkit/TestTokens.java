package org.gripkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints test tokens with the JDK directly, independently of the code under test (ES256 through
 * the JDK's P1363 format, so the verifier's own DER conversion is really exercised).
 */
final class TestTokens {
  static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
  static final String ES256 = "{\"alg\":\"ES256\",\"typ\":\"JWT\"}";

  private TestTokens() {}

  static String b64(String json) {
    return b64(json.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String decode(String segment) {
    return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
  }

  static byte[] hmac(byte[] key, String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static String hs256(String header, String claims, byte[] key) {
    String input = b64(header) + "." + b64(claims);
    return input + "." + b64(hmac(key, input));
  }

  static String hs256(String claims, String key) {
    return hs256(HS256, claims, key.getBytes(StandardCharsets.UTF_8));
  }

  static String es256(String header, String claims, PrivateKey key) {
    String input = b64(header) + "." + b64(claims);
    try {
      Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
      signer.initSign(key);
      signer.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static KeyPair p256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
