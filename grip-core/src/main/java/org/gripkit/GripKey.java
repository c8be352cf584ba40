package org.gripkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A key that checks {@code Grip-Sig} tokens: either a shared secret (the token must be HS256) or
 * an EC P-256 public key (the token must be ES256).
 *
 * <p>The key type alone fixes the algorithm; the {@code alg} a token names only has to agree with
 * it. So a token can never downgrade a public key to a shared secret (the HS256-with-the-public-key
 * attack) or to {@code none}.
 *
 * <p>Shared secrets are bytes and stay bytes: they are copied in and never turned into a {@code
 * String}. An empty secret is refused, because Pushpin signs with the empty key when its {@code
 * sig_key} is not set, so anyone could forge such a token. {@link #toString()} never shows secret
 * bytes, and no error message does either.
 *
 * <p>Instances are immutable and thread-safe. Two keys are equal when they have the same type and
 * the same bytes (the X.509 encoding for a public key).
 */
public final class GripKey {
  /**
   * Fastly Fanout's public key: Fanout signs the {@code Grip-Sig} of every request it forwards to
   * an origin with its private half (ES256, {@code iss} = {@code fastly:<service id>}).
   *
   * <p>Source: the "Checking if the current request is proxied by GRIP" section of the README of
   * Fanout's own JavaScript library, https://github.com/fanout/js-grip#readme ("When using Fastly
   * Fanout: the key is the following public key value"); other public Fanout code (Rust, Swift)
   * carries the same key. The Fanout guide,
   * https://www.fastly.com/documentation/guides/concepts/real-time-messaging/fanout/, could not be
   * read in full to check it there. GripSigVerifierTest checks this key against a Grip-Sig that
   * Fanout itself issued.
   */
  static final String FASTLY_FANOUT_PEM =
      "-----BEGIN PUBLIC KEY-----\n"
          + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAECKo5A1ebyFcnmVV8SE5On+8G81Jy\n"
          + "BjSvcrx4VLetWCjuDAmppTo3xM/zz763COTCgHfp/6lPdCyYjjqc+GM7sw==\n"
          + "-----END PUBLIC KEY-----\n";

  private static final GripKey FASTLY_FANOUT =
      publicKey(
          Keys.parsePem(
              FASTLY_FANOUT_PEM.getBytes(StandardCharsets.US_ASCII), "Fastly key", "PEM"));

  private final byte @Nullable [] secret;
  private final @Nullable ECPublicKey publicKey;

  private GripKey(byte @Nullable [] secret, @Nullable ECPublicKey publicKey) {
    this.secret = secret;
    this.publicKey = publicKey;
  }

  /**
   * A shared secret for HS256 tokens, as Pushpin's {@code sig_key}. The bytes are copied.
   *
   * @throws IllegalArgumentException if {@code secret} is empty or only zero bytes
   */
  public static GripKey sharedSecret(byte[] secret) {
    Objects.requireNonNull(secret, "secret == null");
    if (secret.length == 0) {
      throw new IllegalArgumentException("GRIP key: empty shared secret");
    }
    if (Keys.allZero(secret)) {
      throw new IllegalArgumentException(
          "GRIP key: shared secret of only zero bytes, which HMAC treats as the empty key");
    }
    return new GripKey(secret.clone(), null);
  }

  /**
   * An EC P-256 public key for ES256 tokens.
   *
   * @throws IllegalArgumentException if {@code key} is not an EC key on the P-256 curve, or its
   *     point is not on that curve
   */
  public static GripKey publicKey(PublicKey key) {
    Objects.requireNonNull(key, "key == null");
    return new GripKey(null, Keys.checkP256(key, "GRIP key"));
  }

  /**
   * Parses a key as written in configuration:
   *
   * <ul>
   *   <li>a PEM public key ({@code -----BEGIN PUBLIC KEY-----}, an EC P-256 SubjectPublicKeyInfo):
   *       an ES256 key;
   *   <li>a JSON Web Key (RFC 7517), text starting with <code>{</code>: an EC P-256 public key
   *       <code>{"kty":"EC","crv":"P-256","x":"...","y":"..."}</code> (ES256) or a shared secret
   *       <code>{"kty":"oct","k":"..."}</code> (HS256), base64url without padding. Its {@code
   *       alg}, {@code use} and {@code key_ops}, when present, must allow checking that kind of
   *       signature; a private EC key (with {@code d}) is refused;
   *   <li>{@code base64:} followed by base64 (standard or URL-safe alphabet, padding optional): the
   *       decoded bytes, which may themselves be a PEM public key or a JWK (a JSON object with a
   *       {@code kty});
   *   <li>anything else: the UTF-8 bytes of the text, a shared secret.
   * </ul>
   *
   * <p>The kind of key fixes the algorithm ({@link #algorithm()}); nothing in a token or a JWK's
   * {@code alg} can change it.
   *
   * @throws IllegalArgumentException if the text is empty, the base64 is bad, a PEM block is not
   *     an EC P-256 public key, or a JWK is not one of the two kinds above; the message never
   *     contains the key
   */
  public static GripKey parse(String key) {
    Objects.requireNonNull(key, "key == null");
    return Keys.parseKey(key.getBytes(StandardCharsets.UTF_8), "GRIP key", "key");
  }

  /**
   * Fastly Fanout's published public key (ES256, P-256): the default verify key for issuers that
   * start with {@code fastly:}.
   */
  public static GripKey fastlyFanout() {
    return FASTLY_FANOUT;
  }

  /** The JWS algorithm this key checks: {@code "HS256"} or {@code "ES256"}. */
  public String algorithm() {
    return secret != null ? "HS256" : "ES256";
  }

  /** The shared secret, or null for a public key. Not a copy: callers must not change it. */
  byte @Nullable [] secretBytes() {
    return secret;
  }

  /** The public key, or null for a shared secret. */
  @Nullable ECPublicKey ecPublicKey() {
    return publicKey;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof GripKey other)) {
      return false;
    }
    if (secret != null) {
      return other.secret != null && MessageDigest.isEqual(secret, other.secret);
    }
    return other.publicKey != null
        && Arrays.equals(
            Objects.requireNonNull(publicKey).getEncoded(), other.publicKey.getEncoded());
  }

  @Override
  public int hashCode() {
    // Deliberately weak for secrets: a hash code must not leak the bytes.
    return secret != null
        ? secret.length
        : Arrays.hashCode(Objects.requireNonNull(publicKey).getEncoded());
  }

  /** {@code GripKey[HS256, 8 bytes]} or {@code GripKey[ES256, P-256 public key]}; never a secret. */
  @Override
  public String toString() {
    return secret != null
        ? "GripKey[HS256, " + secret.length + " bytes]"
        : "GripKey[ES256, P-256 public key]";
  }
}
