package org.gripkit.docs;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A publish endpoint on loopback that records every request and answers as told (200
 * "Published" unless {@link #answer} queued something else), for the publishing examples.
 */
final class PublishEndpoint implements AutoCloseable {
  record Request(String path, String authorization, String body) {}

  record Answer(int status, String body) {}

  private final HttpServer server;
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final List<Request> all = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

  PublishEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Authorization"), body);
        all.add(request);
        requests.add(request);
        Answer answer = answers.poll();
        if (answer == null) {
          answer = new Answer(200, "Published\n");
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(answer.status(), out.length);
        exchange.getResponseBody().write(out);
      }
    });
    server.start();
  }

  /** Queues the answer to a coming request. */
  PublishEndpoint answer(int status, String body) {
    answers.add(new Answer(status, body));
    return this;
  }

  /** A GRIP URL for this endpoint with an HS256 publish key. */
  String gripUrl(String key) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/?iss=pushpin&key=" + key;
  }

  Request take() throws InterruptedException {
    Request request = requests.poll(10, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no publish request within 10 s");
    }
    return request;
  }

  List<Request> all() {
    return all;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
