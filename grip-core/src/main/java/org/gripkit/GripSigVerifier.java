package org.gripkit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the {@code Grip-Sig} request header: the JWT a GRIP proxy adds to every request it
 * forwards, which proves the request came through that proxy.
 *
 * <p>{@link #verify(String)} is true only for a token that one of the configured keys accepts
 * (see {@link GripConfig} for where keys come from):
 *
 * <ul>
 *   <li>The algorithm is fixed by the key, never by the token: a shared secret accepts only HS256,
 *       an EC P-256 public key only ES256. So {@code alg: none}, an HS256 token against a public
 *       key (even one HMAC-signed with the public key's bytes) and an ES256 token against a shared
 *       secret are all refused. A header with {@code crit} is refused.
 *   <li>{@code exp} is required, a number above zero, and the token is refused from that second
 *       on ({@code now >= exp}), as Pushpin checks it. {@code nbf}, if present, may be at most
 *       {@link GripConfig#leeway()} in the future.
 *   <li>{@code iss} must equal the verify issuer when one is configured for that key.
 * </ul>
 *
 * <p>Anything else is {@code false}, never an exception: null, empty, longer than {@value
 * #MAX_TOKEN_LENGTH} characters, not three non-empty dot-separated segments, bad or padded
 * base64url, non-canonical base64url, JSON that is not UTF-8 or not an object, duplicate JSON
 * members. Keys can never be empty ({@link GripKey} refuses them), so a token that Pushpin signed
 * with its empty default key is never accepted.
 *
 * <p>Whether to refuse a request when this returns false is up to the caller, per {@link
 * GripConfig#requireSignature()}. Each answer, with its reason, goes to the {@link
 * Builder#listener(GripListener) listener}, and each refusal's reason (never the token) is
 * logged at DEBUG on {@code org.gripkit.GripSigVerifier}. A verifier is only made for a config that can check something:
 * one without any verify key is refused unless its signatures are optional ("fail closed", see
 * {@link GripConfig}). Instances are immutable and thread-safe; verification allocates a fresh
 * {@code Mac} or {@code Signature} per call.
 */
public final class GripSigVerifier {
  /**
   * The longest token looked at. Pushpin's and Fanout's tokens are a few hundred characters; this
   * bounds the work an attacker can cause.
   */
  public static final int MAX_TOKEN_LENGTH = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(GripSigVerifier.class);

  private final List<Jwt.Rule> rules;
  private final Duration leeway;
  private final Clock clock;
  private final SafeListener listener;

  private GripSigVerifier(Builder b) {
    GripConfig config = b.config;
    List<Jwt.Rule> rules = new ArrayList<>();
    for (GripEndpoint endpoint : config.endpoints()) {
      GripKey key = endpoint.verifyKey();
      if (key != null) {
        String issuer = endpoint.verifyIssuer();
        rules.add(new Jwt.Rule(key, issuer != null ? issuer : config.verifyIssuer()));
      }
    }
    for (GripKey key : config.verifyKeys()) {
      rules.add(new Jwt.Rule(key, config.verifyIssuer()));
    }
    if (rules.isEmpty() && config.requireSignature()) {
      throw new IllegalArgumentException("GRIP config: no verify key, so no Grip-Sig can be"
          + " checked and every request would be refused; configure one (a GRIP URL with iss and"
          + " key, verify-key, or a verify key), or make signatures optional");
    }
    this.rules = List.copyOf(rules);
    this.leeway = config.leeway();
    this.clock = b.clock;
    this.listener = b.listener;
  }

  /**
   * A verifier for {@code config} on the system UTC clock.
   *
   * @throws IllegalArgumentException if the config requires a signature but has no verify key
   */
  public static GripSigVerifier of(GripConfig config) {
    return builder(config).build();
  }

  /** A builder for a verifier of {@code config}; the clock defaults to the system UTC clock. */
  public static Builder builder(GripConfig config) {
    return new Builder(Objects.requireNonNull(config, "config == null"));
  }

  /**
   * Whether {@code gripSig}, the value of a {@code Grip-Sig} header, is a valid token now. False
   * for null, for anything malformed, and when no key is configured.
   */
  public boolean verify(@Nullable String gripSig) {
    String reason;
    if (gripSig == null || gripSig.isEmpty()) {
      reason = "missing";
    } else if (gripSig.length() > MAX_TOKEN_LENGTH) {
      reason = "too-long";
    } else if (rules.isEmpty()) {
      reason = "no-key";
    } else {
      reason = Jwt.check(gripSig, rules, clock.instant(), leeway);
    }
    boolean valid = reason.equals(Jwt.VALID);
    if (!valid) {
      LOG.debug("Grip-Sig refused: {}", reason);
    }
    listener.signatureChecked(valid, reason);
    return valid;
  }

  /** The keys (type and size only) and issuers; never a secret. */
  @Override
  public String toString() {
    return "GripSigVerifier{rules=" + rules + ", leeway=" + leeway + "}";
  }

  /** Builds a {@link GripSigVerifier}. Not thread-safe. */
  public static final class Builder {
    private final GripConfig config;
    private Clock clock = Clock.systemUTC();
    private SafeListener listener = SafeListener.NONE;

    private Builder(GripConfig config) {
      this.config = config;
    }

    /** The clock that says what "now" is; tests pass a fixed one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * The listener that hears every answer and its reason ({@link
     * GripListener#signatureChecked}); what it throws is logged and ignored.
     */
    public Builder listener(GripListener listener) {
      this.listener = SafeListener.of(listener);
      return this;
    }

    /**
     * The verifier.
     *
     * @throws IllegalArgumentException if the config requires a signature but has no verify key
     */
    public GripSigVerifier build() {
      return new GripSigVerifier(this);
    }
  }
}
