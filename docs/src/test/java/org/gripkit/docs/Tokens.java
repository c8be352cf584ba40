package org.gripkit.docs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Grip-Sig tokens as a proxy signs them: HS256 (Pushpin) and ES256 (Fanout). */
final class Tokens {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {}

  static String hs256(String iss, Instant exp, byte[] key) throws GeneralSecurityException {
    String input = part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + claims(iss, exp);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return input + "." + B64URL.encodeToString(mac.doFinal(ascii(input)));
  }

  static String es256(String iss, Instant exp, PrivateKey key) throws GeneralSecurityException {
    String input = part("{\"alg\":\"ES256\",\"typ\":\"JWT\"}") + "." + claims(iss, exp);
    Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
    signature.initSign(key);
    signature.update(ascii(input));
    return input + "." + B64URL.encodeToString(signature.sign());
  }

  private static String claims(String iss, Instant exp) {
    return part("{\"iss\":\"" + iss + "\",\"exp\":" + exp.getEpochSecond() + "}");
  }

  private static String part(String json) {
    return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
