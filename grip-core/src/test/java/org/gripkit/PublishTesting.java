package org.gripkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the publisher tests. */
final class PublishTesting {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PublishTesting() {}

  /** An endpoint without publish authentication whose control URI is the server's root. */
  static GripEndpoint endpoint(WireMockExtension server) {
    return GripEndpoint.builder(URI.create(server.baseUrl())).build();
  }

  /** The requests the server received, oldest first. */
  static List<LoggedRequest> requests(WireMockExtension server) {
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    // WireMock lists newest first.
    List<LoggedRequest> out = new ArrayList<>();
    for (int i = events.size() - 1; i >= 0; i--) {
      out.add(events.get(i).getRequest());
    }
    return out;
  }

  static JsonNode json(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ws-message contents of every item in the requests, in order. */
  static List<String> wsContents(List<LoggedRequest> requests) {
    List<String> out = new ArrayList<>();
    for (LoggedRequest r : requests) {
      for (JsonNode item : json(r.getBody()).get("items")) {
        out.add(item.get("formats").get("ws-message").get("content").asText());
      }
    }
    return out;
  }

  /** A loopback port that nothing listens on (it was free a moment ago). */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
