package org.gripkit;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One GRIP proxy endpoint: where to publish (a Pushpin's publish port, or Fastly Fanout's API),
 * how to authenticate when publishing, and how to check the {@code Grip-Sig} of the requests that
 * proxy forwards.
 *
 * <p>Usually made from a GRIP URL with {@link #parse(String)}:
 *
 * <pre>
 *   http://localhost:5561/?iss=pushpin&amp;key=changeme                     Pushpin, HS256 JWT
 *   https://api.fastly.com/service/SID?key=TOKEN&amp;verify-iss=fastly:SID  Fanout, Bearer token
 *   https://user:password@pub.example.com/prefix/                       Basic authentication
 * </pre>
 *
 * <p>The control URI is the GRIP URL without its trailing slash, its user info and the
 * parameters {@code iss}, {@code key}, {@code verify-iss} and {@code verify-key}; other
 * parameters and an explicit port (even {@code :443} on https) are kept as written. Publishing
 * goes to the control path plus {@code /publish/}, with the same query.
 *
 * <p>Publish authentication is one of: an HS256 JWT made from an issuer and a key (a new token
 * with {@code iss} and {@code exp} = now + 10 minutes for every publish), a Bearer token (a
 * {@code key} without {@code iss}, as Fanout's API token), Basic user and password, or none.
 *
 * <p>Keys and tokens are secrets: {@link #toString()} and every error message show only their
 * size, never their bytes. Instances are immutable and thread-safe.
 */
public final class GripEndpoint {
  /** How long a publish JWT is valid; the proxy checks it with its own clock. */
  static final Duration JWT_LIFETIME = Duration.ofMinutes(10);

  private enum Auth {
    NONE,
    JWT,
    BEARER,
    BASIC
  }

  private final URI controlUri;
  private final URI publishUri;
  private final Auth auth;
  private final @Nullable String issuer;
  /** The JWT key or the Bearer token. */
  private final byte @Nullable [] secret;

  private final @Nullable String user;
  private final @Nullable String password;
  private final @Nullable String verifyIssuer;
  private final @Nullable GripKey verifyKey;

  private GripEndpoint(Builder b, URI controlUri, URI publishUri, @Nullable GripKey verifyKey) {
    this.controlUri = controlUri;
    this.publishUri = publishUri;
    this.auth = b.auth;
    this.issuer = b.issuer;
    this.secret = b.secret;
    this.user = b.user;
    this.password = b.password;
    this.verifyIssuer = b.verifyIssuer;
    this.verifyKey = verifyKey;
  }

  /**
   * Parses a GRIP URL.
   *
   * <p>Parameters (percent-decoded as RFC 3986 says, so a {@code +} is a plus sign, never a
   * space):
   *
   * <ul>
   *   <li>{@code iss}: the JWT issuer; needs {@code key}.
   *   <li>{@code key}: with {@code iss}, the HS256 key; without, a Bearer token (printable ASCII).
   *       Written as text (its UTF-8 bytes, or any bytes percent-encoded) or as {@code base64:}
   *       and base64 in the standard or the URL-safe alphabet, padding optional. The key is kept
   *       as bytes.
   *   <li>{@code verify-iss}: the issuer {@code Grip-Sig} tokens must carry.
   *   <li>{@code verify-key}: the key {@code Grip-Sig} tokens are checked with; text or {@code
   *       base64:} as for {@code key}, a PEM public key (EC P-256) or an EC JWK makes it ES256,
   *       an {@code oct} JWK HS256 (see {@link GripKey#parse(String)}; percent-encode it).
   * </ul>
   *
   * <p>User info ({@code user:password@}) means Basic authentication. See {@link
   * #verifyKey()} for the default verify key.
   *
   * @throws IllegalArgumentException if the URL is not an absolute http or https URL, a parameter
   *     is given twice or is empty, a key is not valid, or the combination makes no sense; the
   *     message starts with {@code "GRIP URL: "} and never contains a key, a token or a password
   */
  public static GripEndpoint parse(String gripUrl) {
    Objects.requireNonNull(gripUrl, "gripUrl == null");
    URI uri;
    try {
      uri = new URI(gripUrl.strip());
    } catch (URISyntaxException e) {
      // The reason is a fixed phrase; the input (which holds the key) is left out on purpose.
      throw new IllegalArgumentException(
          "GRIP URL: " + e.getReason() + " at index " + e.getIndex());
    }
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
      throw new IllegalArgumentException("GRIP URL: not an absolute http or https URL with a host");
    }
    byte @Nullable [] iss = null;
    byte @Nullable [] key = null;
    byte @Nullable [] verifyIss = null;
    byte @Nullable [] verifyKey = null;
    List<String> kept = new ArrayList<>();
    String query = uri.getRawQuery();
    if (query != null) {
      for (String part : query.split("&", -1)) {
        if (part.isEmpty()) {
          continue;
        }
        int eq = part.indexOf('=');
        String rawName = eq < 0 ? part : part.substring(0, eq);
        byte[] nameBytes = Keys.percentDecode(rawName);
        String name = nameBytes == null ? null : Keys.utf8(nameBytes);
        if (name == null
            || !(name.equals("iss")
                || name.equals("key")
                || name.equals("verify-iss")
                || name.equals("verify-key"))) {
          kept.add(part);
          continue;
        }
        byte[] value = Keys.percentDecode(eq < 0 ? "" : part.substring(eq + 1));
        if (value == null) {
          throw new IllegalArgumentException("GRIP URL: bad percent-encoding in " + name);
        }
        boolean twice =
            switch (name) {
              case "iss" -> iss != null;
              case "key" -> key != null;
              case "verify-iss" -> verifyIss != null;
              default -> verifyKey != null;
            };
        if (twice) {
          throw new IllegalArgumentException("GRIP URL: " + name + " given twice");
        }
        switch (name) {
          case "iss" -> iss = value;
          case "key" -> key = value;
          case "verify-iss" -> verifyIss = value;
          default -> verifyKey = value;
        }
      }
    }

    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    StringBuilder control = new StringBuilder(scheme).append("://").append(uri.getHost());
    if (uri.getPort() != -1) {
      control.append(':').append(uri.getPort());
    }
    control.append(uri.getRawPath());
    if (!kept.isEmpty()) {
      control.append('?').append(String.join("&", kept));
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("GRIP URL: a fragment (#) is not allowed");
    }
    Builder builder = new Builder(URI.create(control.toString()), "GRIP URL");

    String rawUserInfo = uri.getRawUserInfo();
    if (rawUserInfo != null) {
      if (key != null) {
        throw new IllegalArgumentException("GRIP URL: both user info and key given");
      }
      int colon = rawUserInfo.indexOf(':');
      String user = decodeText(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon), "user");
      String password = colon < 0 ? "" : decodeText(rawUserInfo.substring(colon + 1), "password");
      builder.basicAuth(user, password);
    }
    if (iss != null) {
      String issuer = text(iss, "iss");
      if (key == null) {
        throw new IllegalArgumentException("GRIP URL: iss without key");
      }
      builder.jwtAuth(issuer, Keys.decodeValue(key, "GRIP URL", "key"));
    } else if (key != null) {
      byte[] token = Keys.decodeValue(key, "GRIP URL", "key");
      if (!isVisibleAscii(token)) {
        throw new IllegalArgumentException(
            "GRIP URL: key without iss is a Bearer token and must be printable ASCII");
      }
      builder.bearerAuth(new String(token, StandardCharsets.US_ASCII));
    }
    if (verifyIss != null) {
      builder.verifyIssuer(text(verifyIss, "verify-iss"));
    }
    if (verifyKey != null) {
      builder.verifyKey(Keys.parseKey(verifyKey, "GRIP URL", "verify-key"));
    }
    return builder.build();
  }

  /**
   * A builder for an endpoint whose control URI is {@code controlUri}: an absolute http or https
   * URI with a host, without user info or fragment (a trailing slash is dropped).
   *
   * @throws IllegalArgumentException if {@code controlUri} is not such a URI, or carries a GRIP
   *     key parameter (use {@link #parse(String)} for GRIP URLs)
   */
  public static Builder builder(URI controlUri) {
    Objects.requireNonNull(controlUri, "controlUri == null");
    return new Builder(controlUri, "GRIP endpoint");
  }

  /** The control URI: the GRIP URL without trailing slash, credentials and GRIP parameters. */
  public URI controlUri() {
    return controlUri;
  }

  /** Where to POST published items: the control path plus {@code /publish/}, same query. */
  public URI publishUri() {
    return publishUri;
  }

  /** The issuer of publish JWTs, or null when publishing does not use a JWT. */
  public @Nullable String issuer() {
    return issuer;
  }

  /** The issuer {@code Grip-Sig} tokens from this proxy must carry, or null for any issuer. */
  public @Nullable String verifyIssuer() {
    return verifyIssuer;
  }

  /**
   * The key {@code Grip-Sig} tokens from this proxy are checked with, or null when this endpoint
   * does not check them: the verify key given; else the JWT key, as a shared secret (Pushpin's
   * {@code sig_key} is the GRIP URL's {@code key}); else, for a verify issuer starting with {@code
   * fastly:}, {@link GripKey#fastlyFanout()}. A Bearer token is never used as a verify key.
   */
  public @Nullable GripKey verifyKey() {
    return verifyKey;
  }

  /**
   * The {@code Authorization} header value for a publish made at {@code now}, or null when this
   * endpoint has no publish authentication.
   */
  @Nullable String authorization(Instant now) {
    Objects.requireNonNull(now, "now == null");
    return switch (auth) {
      case NONE -> null;
      case JWT -> "Bearer "
          + Jwt.signHs256(
              Objects.requireNonNull(issuer),
              now.plus(JWT_LIFETIME).getEpochSecond(),
              Objects.requireNonNull(secret));
      case BEARER -> "Bearer " + new String(Objects.requireNonNull(secret), StandardCharsets.US_ASCII);
      case BASIC -> "Basic "
          + Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    };
  }

  /** A builder holding this endpoint's values. */
  public Builder toBuilder() {
    Builder b = new Builder(controlUri, "GRIP endpoint");
    b.auth = auth;
    b.issuer = issuer;
    b.secret = secret;
    b.user = user;
    b.password = password;
    b.verifyIssuer = verifyIssuer;
    b.verifyKey = verifyKey;
    return b;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof GripEndpoint other
        && controlUri.equals(other.controlUri)
        && auth == other.auth
        && Objects.equals(issuer, other.issuer)
        && (secret == null
            ? other.secret == null
            : other.secret != null && MessageDigest.isEqual(secret, other.secret))
        && Objects.equals(user, other.user)
        && Objects.equals(password, other.password)
        && Objects.equals(verifyIssuer, other.verifyIssuer)
        && Objects.equals(verifyKey, other.verifyKey);
  }

  @Override
  public int hashCode() {
    // No secret goes into the hash code.
    return Objects.hash(controlUri, auth, issuer, user, verifyIssuer);
  }

  /**
   * For example {@code GripEndpoint{controlUri=http://localhost:5561, auth=JWT(iss=pushpin, key=8
   * bytes), verifyIssuer=null, verifyKey=GripKey[HS256, 8 bytes]}}; never a secret. Other query
   * parameters of the control URI show their names only ({@code ?token=[redacted]}): gripkit
   * cannot know which of them are secrets.
   */
  @Override
  public String toString() {
    String authText =
        switch (auth) {
          case NONE -> "none";
          case JWT -> "JWT(iss=" + issuer + ", key=" + Objects.requireNonNull(secret).length
              + " bytes)";
          case BEARER -> "Bearer(token=" + Objects.requireNonNull(secret).length + " bytes)";
          case BASIC -> "Basic(user=" + user + ", password=redacted)";
        };
    return "GripEndpoint{controlUri=" + Redaction.withQueryNames(controlUri) + ", auth=" + authText + ", verifyIssuer="
        + verifyIssuer + ", verifyKey=" + verifyKey + "}";
  }

  private static String text(byte[] value, String name) {
    String text = Keys.utf8(value);
    if (text == null) {
      throw new IllegalArgumentException("GRIP URL: " + name + " is not UTF-8");
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException("GRIP URL: empty " + name);
    }
    return text;
  }

  private static String decodeText(String raw, String name) {
    byte[] bytes = Keys.percentDecode(raw);
    String text = bytes == null ? null : Keys.utf8(bytes);
    if (text == null) {
      throw new IllegalArgumentException("GRIP URL: bad percent-encoding in " + name);
    }
    return text;
  }

  private static boolean isVisibleAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0x21 || b > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Builds a {@link GripEndpoint}. Authentication methods replace each other: the last one called
   * wins. Not thread-safe.
   */
  public static final class Builder {
    private final URI controlUri;
    private final String where;
    private Auth auth = Auth.NONE;
    private @Nullable String issuer;
    private byte @Nullable [] secret;
    private @Nullable String user;
    private @Nullable String password;
    private @Nullable String verifyIssuer;
    private @Nullable GripKey verifyKey;

    private Builder(URI controlUri, String where) {
      this.where = where;
      this.controlUri = normalize(controlUri, where);
    }

    /**
     * Publish with an HS256 JWT: a fresh token with {@code iss} = {@code issuer} and {@code exp} =
     * now + 10 minutes, sent as {@code Authorization: Bearer <token>}. The key bytes are copied.
     *
     * @throws IllegalArgumentException if {@code issuer} or {@code key} is empty, or the key is
     *     only zero bytes (HMAC's equivalent of the empty key)
     */
    public Builder jwtAuth(String issuer, byte[] key) {
      Objects.requireNonNull(issuer, "issuer == null");
      Objects.requireNonNull(key, "key == null");
      if (issuer.isEmpty()) {
        throw new IllegalArgumentException(where + ": empty JWT issuer");
      }
      if (key.length == 0) {
        throw new IllegalArgumentException(where + ": empty JWT key");
      }
      if (Keys.allZero(key)) {
        throw new IllegalArgumentException(where + ": JWT key of only zero bytes");
      }
      clearAuth();
      this.auth = Auth.JWT;
      this.issuer = issuer;
      this.secret = key.clone();
      return this;
    }

    /**
     * Publish with {@code Authorization: Bearer <token>}, as Fastly Fanout's API token.
     *
     * @throws IllegalArgumentException if {@code token} is empty or not printable ASCII
     */
    public Builder bearerAuth(String token) {
      Objects.requireNonNull(token, "token == null");
      byte[] bytes = token.getBytes(StandardCharsets.US_ASCII);
      if (token.isEmpty() || !isVisibleAscii(bytes) || bytes.length != token.length()) {
        throw new IllegalArgumentException(
            where + ": a Bearer token must be non-empty printable ASCII");
      }
      clearAuth();
      this.auth = Auth.BEARER;
      this.secret = bytes;
      return this;
    }

    /**
     * Publish with {@code Authorization: Basic}, user and password in UTF-8 (RFC 7617).
     *
     * @throws IllegalArgumentException if {@code user} is empty or contains a colon or a control
     *     character
     */
    public Builder basicAuth(String user, String password) {
      Objects.requireNonNull(user, "user == null");
      Objects.requireNonNull(password, "password == null");
      if (user.isEmpty() || user.indexOf(':') >= 0 || user.chars().anyMatch(c -> c < 0x20)) {
        throw new IllegalArgumentException(
            where + ": a Basic user must be non-empty, without colon or control characters");
      }
      clearAuth();
      this.auth = Auth.BASIC;
      this.user = user;
      this.password = password;
      return this;
    }

    /** Publish without an {@code Authorization} header (the default). */
    public Builder noAuth() {
      clearAuth();
      return this;
    }

    /**
     * The issuer {@code Grip-Sig} tokens must carry; null (the default) accepts any issuer.
     *
     * @throws IllegalArgumentException if {@code verifyIssuer} is empty
     */
    public Builder verifyIssuer(@Nullable String verifyIssuer) {
      if (verifyIssuer != null && verifyIssuer.isEmpty()) {
        throw new IllegalArgumentException(where + ": empty verify issuer");
      }
      this.verifyIssuer = verifyIssuer;
      return this;
    }

    /** The key {@code Grip-Sig} tokens are checked with; null for the default. */
    public Builder verifyKey(@Nullable GripKey verifyKey) {
      this.verifyKey = verifyKey;
      return this;
    }

    /**
     * The endpoint.
     *
     * @throws IllegalArgumentException if a verify issuer is set but there is no verify key (only
     *     {@code fastly:} issuers have a default key)
     */
    public GripEndpoint build() {
      GripKey key = verifyKey;
      if (key == null && auth == Auth.JWT) {
        key = GripKey.sharedSecret(Objects.requireNonNull(secret));
      }
      if (key == null && verifyIssuer != null && verifyIssuer.startsWith("fastly:")) {
        key = GripKey.fastlyFanout();
      }
      if (key == null && verifyIssuer != null) {
        throw new IllegalArgumentException(
            where.equals("GRIP URL")
                ? "GRIP URL: verify-iss without verify-key (only fastly: issuers have a default)"
                : where + ": verifyIssuer without verifyKey (only fastly: issuers have a default)");
      }
      return new GripEndpoint(this, controlUri, publishUri(controlUri), key);
    }

    private void clearAuth() {
      auth = Auth.NONE;
      issuer = null;
      secret = null;
      user = null;
      password = null;
    }

    private static URI normalize(URI uri, String where) {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute()
          || uri.isOpaque()
          || uri.getHost() == null
          || !(scheme.equals("http") || scheme.equals("https"))) {
        throw new IllegalArgumentException(where + ": not an absolute http or https URL with a host");
      }
      if (uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException(where + ": user info in the control URI; use basicAuth");
      }
      if (uri.getRawFragment() != null) {
        throw new IllegalArgumentException(where + ": a fragment (#) is not allowed");
      }
      String query = uri.getRawQuery();
      if (query != null) {
        for (String part : query.split("&", -1)) {
          String name = part.indexOf('=') < 0 ? part : part.substring(0, part.indexOf('='));
          if (name.equals("key") || name.equals("verify-key")) {
            throw new IllegalArgumentException(
                where + ": a " + name + " parameter in the control URI; use GripEndpoint.parse");
          }
        }
      }
      String path = uri.getRawPath();
      int end = path.length();
      while (end > 0 && path.charAt(end - 1) == '/') {
        end--;
      }
      StringBuilder s = new StringBuilder(scheme).append("://").append(uri.getHost());
      if (uri.getPort() != -1) {
        s.append(':').append(uri.getPort());
      }
      s.append(path, 0, end);
      if (query != null) {
        s.append('?').append(query);
      }
      return URI.create(s.toString());
    }

    private static URI publishUri(URI control) {
      StringBuilder s = new StringBuilder(control.getScheme()).append("://")
          .append(control.getRawAuthority())
          .append(control.getRawPath())
          .append("/publish/");
      if (control.getRawQuery() != null) {
        s.append('?').append(control.getRawQuery());
      }
      return URI.create(s.toString());
    }
  }
}
