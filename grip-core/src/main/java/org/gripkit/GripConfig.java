package org.gripkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything gripkit needs to know about its GRIP proxies: the endpoints to publish to, and how to
 * check the {@code Grip-Sig} header of the requests they forward.
 *
 * <p>Typically read once at start-up from one setting:
 *
 * <pre>{@code
 * GripConfig config = GripConfig.parse(System.getenv("GRIP_URL"));
 * GripSigVerifier verifier = GripSigVerifier.of(config);
 * }</pre>
 *
 * <p>Verification keys come from two places: each endpoint's own ({@link
 * GripEndpoint#verifyKey()}, with its verify issuer) and the keys given here with {@link
 * Builder#verifyKey(GripKey)} (with {@link #verifyIssuer()}). A token is valid if any of them
 * accepts it, so with two proxies either may sign. The verify issuer given here also applies to
 * endpoint keys whose endpoint has no verify issuer of its own. When the verify issuer starts with
 * {@code fastly:} and no key is given here, Fastly Fanout's public key ({@link
 * GripKey#fastlyFanout()}) is used.
 *
 * <p><b>Fail closed.</b> By default a signature is required ({@link #requireSignature()} is
 * true): code acting on this config, such as the servlet {@code GripFilter}, refuses a request
 * without a valid {@code Grip-Sig}. Serving unsigned requests takes an explicit {@link
 * Builder#signatureOptional()}. A config with no verify key at all ({@link #canVerify()} false,
 * for example {@code http://localhost:5561/} alone) can check nothing, so {@link
 * GripSigVerifier#of(GripConfig)} refuses it unless signatures are optional: the mistake shows at
 * start-up, not as a 403 on every request, and never as requests let through unchecked. Such a
 * config still publishes.
 *
 * <p>Secrets never appear in {@link #toString()} or in an error message. Instances are immutable
 * and thread-safe.
 */
public final class GripConfig {
  /**
   * The default {@link #leeway()}: 5 seconds, enough for the clock skew between a proxy and an
   * origin that both run NTP, too short to matter for a replayed token.
   */
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(5);

  private final List<GripEndpoint> endpoints;
  private final List<GripKey> verifyKeys;
  private final @Nullable String verifyIssuer;
  private final Duration leeway;
  private final boolean requireSignature;

  private GripConfig(Builder b, List<GripKey> verifyKeys) {
    this.endpoints = List.copyOf(b.endpoints);
    this.verifyKeys = List.copyOf(verifyKeys);
    this.verifyIssuer = b.verifyIssuer;
    this.leeway = b.leeway;
    this.requireSignature = b.signature != Signature.OPTIONAL;
  }

  /**
   * A config with the endpoints of {@code gripUrls}: one or more GRIP URLs (see {@link
   * GripEndpoint#parse(String)}) separated by commas or whitespace. A comma inside a URL (in a key
   * or any other parameter) must be percent-encoded as {@code %2C}.
   *
   * @throws IllegalArgumentException if there is no URL or one is invalid; with several URLs the
   *     message says which one, as in {@code "GRIP URL #2: bad base64 in key"}
   */
  public static GripConfig parse(String gripUrls) {
    return builder().endpoints(gripUrls).build();
  }

  /** An empty builder: no endpoints, no keys, leeway {@link #DEFAULT_LEEWAY}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The endpoints, in the order given. */
  public List<GripEndpoint> endpoints() {
    return endpoints;
  }

  /**
   * The verify keys given in this config (not those of the endpoints), plus Fastly's key when
   * {@link #verifyIssuer()} starts with {@code fastly:} and no key was given.
   */
  public List<GripKey> verifyKeys() {
    return verifyKeys;
  }

  /**
   * The issuer {@code Grip-Sig} tokens must carry, for this config's keys and for endpoint keys
   * without a verify issuer of their own; null accepts any issuer.
   */
  public @Nullable String verifyIssuer() {
    return verifyIssuer;
  }

  /**
   * How far in the future a token's {@code nbf} may be and still be accepted, for a proxy whose
   * clock is ahead of ours. It never extends {@code exp}: a token is refused from the second its
   * {@code exp} is reached, as Pushpin does (Pushpin's tokens live an hour, so skew does not need
   * tolerance there).
   */
  public Duration leeway() {
    return leeway;
  }

  /**
   * Whether requests without a valid {@code Grip-Sig} must be refused: true unless {@link
   * Builder#signatureOptional()} was called. {@link GripSigVerifier} only answers whether a token
   * is valid; this setting is for the code that acts on the answer.
   */
  public boolean requireSignature() {
    return requireSignature;
  }

  /**
   * Whether any verify key is configured, here or on an endpoint. When false no {@code Grip-Sig}
   * can ever be valid, and {@link GripSigVerifier#of(GripConfig)} refuses the config unless
   * signatures are optional.
   */
  public boolean canVerify() {
    return !verifyKeys.isEmpty() || endpoints.stream().anyMatch(e -> e.verifyKey() != null);
  }

  /** A builder holding this config's values (Fastly's default key, if added, is kept). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.endpoints.addAll(endpoints);
    b.verifyKeys.addAll(verifyKeys);
    b.verifyIssuer = verifyIssuer;
    b.leeway = leeway;
    b.signature = requireSignature ? Signature.DEFAULT : Signature.OPTIONAL;
    return b;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof GripConfig other
        && endpoints.equals(other.endpoints)
        && verifyKeys.equals(other.verifyKeys)
        && Objects.equals(verifyIssuer, other.verifyIssuer)
        && leeway.equals(other.leeway)
        && requireSignature == other.requireSignature;
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoints, verifyKeys, verifyIssuer, leeway, requireSignature);
  }

  /**
   * The endpoints and settings; keys show only their type and size, and a config without any
   * says {@code canVerify=false}.
   */
  @Override
  public String toString() {
    return "GripConfig{endpoints=" + endpoints + ", verifyKeys=" + verifyKeys + ", verifyIssuer="
        + verifyIssuer + ", leeway=" + leeway + ", requireSignature=" + requireSignature
        + ", canVerify=" + canVerify() + "}";
  }

  /** What the builder was told about signatures. */
  private enum Signature {
    /** Required, the default: no check that a key exists until a verifier is made. */
    DEFAULT,
    /** Required by an explicit call: a config without any key is refused at once. */
    REQUIRED,
    /** Optional: unsigned requests may be served. */
    OPTIONAL
  }

  /** Builds a {@link GripConfig}. Not thread-safe. */
  public static final class Builder {
    private final List<GripEndpoint> endpoints = new ArrayList<>();
    private final List<GripKey> verifyKeys = new ArrayList<>();
    private @Nullable String verifyIssuer;
    private Duration leeway = DEFAULT_LEEWAY;
    private Signature signature = Signature.DEFAULT;

    private Builder() {}

    /** Adds an endpoint. */
    public Builder endpoint(GripEndpoint endpoint) {
      endpoints.add(Objects.requireNonNull(endpoint, "endpoint == null"));
      return this;
    }

    /**
     * Adds the endpoints of one or more GRIP URLs separated by commas or whitespace.
     *
     * @throws IllegalArgumentException as {@link GripConfig#parse(String)}
     */
    public Builder endpoints(String gripUrls) {
      Objects.requireNonNull(gripUrls, "gripUrls == null");
      List<String> urls = new ArrayList<>();
      for (String url : gripUrls.split("[,\\s]+")) {
        if (!url.isEmpty()) {
          urls.add(url);
        }
      }
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("GRIP config: no GRIP URL");
      }
      List<GripEndpoint> parsed = new ArrayList<>();
      for (int i = 0; i < urls.size(); i++) {
        try {
          parsed.add(GripEndpoint.parse(urls.get(i)));
        } catch (IllegalArgumentException e) {
          String message = String.valueOf(e.getMessage());
          if (urls.size() == 1 || !message.startsWith("GRIP URL:")) {
            throw e;
          }
          // Our own message, which never holds a secret; no cause, on purpose.
          throw new IllegalArgumentException(
              "GRIP URL #" + (i + 1) + message.substring("GRIP URL".length()));
        }
      }
      endpoints.addAll(parsed);
      return this;
    }

    /** Adds a verify key. */
    public Builder verifyKey(GripKey key) {
      verifyKeys.add(Objects.requireNonNull(key, "key == null"));
      return this;
    }

    /**
     * Adds a verify key written as in configuration: a PEM public key (ES256), a JWK ({@code EC}
     * P-256 for ES256, {@code oct} for HS256), {@code base64:} and base64, or text whose UTF-8
     * bytes are a shared secret (HS256). See {@link GripKey#parse(String)}.
     *
     * @throws IllegalArgumentException if the key is empty or invalid; the message never holds it
     */
    public Builder verifyKey(String key) {
      Objects.requireNonNull(key, "key == null");
      verifyKeys.add(Keys.parseKey(key.getBytes(StandardCharsets.UTF_8), "GRIP config",
          "verify key"));
      return this;
    }

    /**
     * The issuer tokens must carry; null (the default) accepts any.
     *
     * @throws IllegalArgumentException if {@code verifyIssuer} is empty
     */
    public Builder verifyIssuer(@Nullable String verifyIssuer) {
      if (verifyIssuer != null && verifyIssuer.isEmpty()) {
        throw new IllegalArgumentException("GRIP config: empty verify issuer");
      }
      this.verifyIssuer = verifyIssuer;
      return this;
    }

    /**
     * The clock leeway for {@code nbf}; see {@link GripConfig#leeway()}.
     *
     * @throws IllegalArgumentException if {@code leeway} is negative or over 5 minutes
     */
    public Builder leeway(Duration leeway) {
      Objects.requireNonNull(leeway, "leeway == null");
      if (leeway.isNegative() || leeway.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException(
            "GRIP config: leeway must be between 0 and 5 minutes: " + leeway);
      }
      this.leeway = leeway;
      return this;
    }

    /**
     * Refuse requests without a valid {@code Grip-Sig}; see {@link #requireSignature()}. This is
     * the default; saying it also makes {@link #build()} check at once that there is a key.
     * Replaces an earlier {@link #signatureOptional()}.
     */
    public Builder requireSignature() {
      this.signature = Signature.REQUIRED;
      return this;
    }

    /**
     * Let requests without a valid {@code Grip-Sig} through (the code acting on the config marks
     * them as not proxied instead of refusing them), for example in development without a proxy
     * key. Anyone who can reach the origin directly can then send what the proxy would, {@code
     * Meta-*} headers included: use it only where the network allows nothing else. Replaces an
     * earlier {@link #requireSignature()}.
     */
    public Builder signatureOptional() {
      this.signature = Signature.OPTIONAL;
      return this;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException if {@link #requireSignature()} was called, or a verify
     *     issuer is set, but there is no verify key at all (here or on an endpoint)
     */
    public GripConfig build() {
      List<GripKey> keys = new ArrayList<>(verifyKeys);
      if (keys.isEmpty() && verifyIssuer != null && verifyIssuer.startsWith("fastly:")) {
        keys.add(GripKey.fastlyFanout());
      }
      boolean anyKey = !keys.isEmpty() || endpoints.stream().anyMatch(e -> e.verifyKey() != null);
      if (!anyKey && signature == Signature.REQUIRED) {
        throw new IllegalArgumentException(
            "GRIP config: a signature is required but no verify key is configured");
      }
      if (!anyKey && verifyIssuer != null) {
        throw new IllegalArgumentException(
            "GRIP config: verify issuer without any verify key (only fastly: issuers have a"
                + " default)");
      }
      return new GripConfig(this, keys);
    }
  }
}
