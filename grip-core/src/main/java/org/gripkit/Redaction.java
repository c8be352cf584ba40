package org.gripkit;

import java.net.URI;

/**
 * What gripkit prints of a URI that may carry credentials: every log line, exception message and
 * {@code toString()} that shows an endpoint goes through here. A GRIP URL's {@code key} and
 * {@code verify-key} and its user info never get this far (they are taken out when it is parsed,
 * and keys print as their type and size); this also keeps out whatever else the query holds, a
 * token of some gateway for example.
 */
final class Redaction {
  static final String REDACTED = "[redacted]";

  private Redaction() {}

  /** {@code scheme://host[:port]/path}: user info, query and fragment dropped. */
  static URI uri(URI uri) {
    // getHost() keeps the brackets of an IPv6 literal.
    return URI.create(uri.getScheme() + "://" + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getRawPath());
  }

  /**
   * The URI with user info replaced and each query value replaced, names kept: {@code
   * http://h/p?token=[redacted]&debug}. For showing which parameters are there.
   */
  static String withQueryNames(URI uri) {
    StringBuilder out = new StringBuilder(uri.getScheme()).append("://");
    if (uri.getRawUserInfo() != null) {
      out.append(REDACTED).append('@');
    }
    out.append(uri.getHost());
    if (uri.getPort() >= 0) {
      out.append(':').append(uri.getPort());
    }
    out.append(uri.getRawPath());
    String query = uri.getRawQuery();
    if (query != null) {
      out.append('?');
      String[] parts = query.split("&", -1);
      for (int i = 0; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        out.append(i == 0 ? "" : "&").append(eq < 0 ? parts[i] : parts[i].substring(0, eq + 1)
            + REDACTED);
      }
    }
    return out.toString();
  }

  /**
   * {@code text} (a message from the HTTP client, say) with every spelling of {@code uri} that
   * could carry a secret replaced by {@link #uri(URI)}, and its query and user info, wherever
   * they appear alone, by {@value #REDACTED}.
   */
  static String text(String text, URI uri) {
    String out = text.replace(uri.toString(), uri(uri).toString());
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      out = out.replace(query, REDACTED);
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      out = out.replace(userInfo, REDACTED);
    }
    return out;
  }
}
