package org.gripkit.docs;

import java.net.http.HttpClient;

/** The troubleshooting page's client set-up. */
final class Http11Client {
  private Http11Client() {}

  static HttpClient create() {
    // snippet:http11-client
    // Through Pushpin to Jetty, java.net.http's default HTTP/2 upgrade headers cause a 400.
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build();
    // end-snippet
    return client;
  }
}
