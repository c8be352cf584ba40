package org.gripkit.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 origin on a bare socket, for byte-exact checks of the driver's requests: it
 * keeps each request head as received (header names as spelled, in order) and answers with
 * the exact bytes it was given, then closes the connection. One request per connection.
 */
final class RawOrigin implements AutoCloseable {
  /** One request as received. */
  record Request(String requestLine, List<Map.Entry<String, String>> headers, byte[] body) {
    String header(String name) {
      for (Map.Entry<String, String> h : headers) {
        if (h.getKey().equalsIgnoreCase(name)) {
          return h.getValue();
        }
      }
      return null;
    }

    List<String> names() {
      List<String> out = new ArrayList<>();
      headers.forEach(h -> out.add(h.getKey()));
      return out;
    }
  }

  private final ServerSocket server;
  private final BlockingQueue<byte[]> answers = new LinkedBlockingQueue<>();
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final Thread thread;

  RawOrigin() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "raw-origin");
    thread.setDaemon(true);
    thread.start();
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + pathAndQuery);
  }

  /** Queues an answer: status line and headers (CR LF added), then the body. */
  RawOrigin answer(String head, byte[] body) {
    String fullHead = head + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(fullHead.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    answers.add(out.toByteArray());
    return this;
  }

  RawOrigin answer(String head, String body) {
    return answer(head, body.getBytes(StandardCharsets.UTF_8));
  }

  Request take() throws InterruptedException {
    Request r = requests.poll(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request");
    }
    return r;
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        int length = 0;
        for (int i = 1; i < lines.length; i++) {
          int colon = lines[i].indexOf(':');
          String name = lines[i].substring(0, colon);
          String value = lines[i].substring(colon + 1).strip();
          headers.add(Map.entry(name, value));
          if (name.toLowerCase(Locale.ROOT).equals("content-length")) {
            length = Integer.parseInt(value);
          }
        }
        byte[] body = in.readNBytes(length);
        requests.add(new Request(lines[0], headers, body));
        byte[] answer = answers.poll(5, TimeUnit.SECONDS);
        OutputStream out = socket.getOutputStream();
        out.write(answer != null ? answer
            : "HTTP/1.1 599 No Answer Queued\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        if (!server.isClosed()) {
          throw new UncheckedIOException(e);
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the request head");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String s = head.toString(StandardCharsets.ISO_8859_1);
    return s.substring(0, s.length() - 4);
  }

  @Override
  public void close() throws IOException {
    server.close();
    thread.interrupt();
  }
}
