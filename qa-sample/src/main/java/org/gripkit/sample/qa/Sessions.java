package org.gripkit.sample.qa;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.gripkit.sample.qa.store.QaStore;
import org.jspecify.annotations.Nullable;

/**
 * Which user a browser is. The first browser to use a user id claims it and gets the user key
 * in an HttpOnly cookie, {@code qa_user=<userId>.<key>}; the store keeps only the key's hash.
 * Another browser cannot act as that user. The proxy forwards the cookie on every
 * WebSocket-over-HTTP request, so the origin can check it when a connection opens.
 */
final class Sessions {
  static final String COOKIE = "qa_user";

  private final QaStore store;

  Sessions(QaStore store) {
    this.store = store;
  }

  /** The user id this request proves, if its cookie carries a valid key. */
  Optional<String> userOf(HttpServletRequest request) {
    return cookieValue(request.getHeader("Cookie")).flatMap(this::verify);
  }

  /** The same from a raw Cookie header, for requests seen through a context. */
  Optional<String> verify(String cookieValue) {
    int dot = cookieValue.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    String userId = cookieValue.substring(0, dot);
    String key = cookieValue.substring(dot + 1);
    if (!Limits.ID.matcher(userId).matches()) {
      return Optional.empty();
    }
    return store.userKeyHash(userId)
        .filter(hash -> Secrets.matches(key, hash))
        .map(hash -> userId);
  }

  static void setCookie(HttpServletResponse response, String userId, String key,
      boolean secure) {
    Cookie cookie = new Cookie(COOKIE, userId + "." + key);
    cookie.setHttpOnly(true);
    cookie.setPath("/");
    cookie.setMaxAge(365 * 24 * 3600);
    cookie.setSecure(secure);
    cookie.setAttribute("SameSite", "Strict");
    response.addCookie(cookie);
  }

  /** The qa_user value in a Cookie header, parsed without trusting its shape. */
  static Optional<String> cookieValue(@Nullable String header) {
    if (header == null) {
      return Optional.empty();
    }
    for (String part : header.split(";")) {
      String pair = part.strip();
      if (pair.startsWith(COOKIE + "=")) {
        return Optional.of(pair.substring(COOKIE.length() + 1));
      }
    }
    return Optional.empty();
  }
}
