package org.gripkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A loopback TCP relay for one WebSocket client connection that repairs the JDK client's
 * opening handshake, then copies bytes both ways untouched.
 *
 * <p>Why: Java 17's HTTP client sends {@code Content-Length: 0} on its WebSocket upgrade GET
 * (JDK-8283544, fixed in Java 19; callers cannot remove it). Condure 1.9.1 behind Pushpin 1.36
 * then either adds a second {@code Connection: close} to the 101 answer, which the JDK client
 * rejects ("Response field 'Connection' multivalued"), or hands the origin an empty TEXT event
 * the client never sent; about half the time each (see {@code PushpinObservedIT}). Browsers send
 * no such header. The relay drops that one header line and rewrites {@code Host} to the target,
 * so Pushpin sees the request as if the client had connected to it directly.
 */
final class HandshakeRelay implements AutoCloseable {
  private static final int MAX_HEAD_BYTES = 16 * 1024;
  private static final Pattern EMPTY_CONTENT_LENGTH =
      Pattern.compile("(?i)content-length:[ \\t]*0[ \\t]*");

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private HandshakeRelay(ServerSocket server, String targetHost, int targetPort) {
    this.server = server;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** Starts a relay on a free loopback port that forwards one connection to the target. */
  static HandshakeRelay start(String targetHost, int targetPort) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
    HandshakeRelay relay = new HandshakeRelay(server, targetHost, targetPort);
    Thread acceptor = new Thread(relay::acceptOne, "handshake-relay-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return relay;
  }

  int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() {
    closeQuietly(server);
    sockets.forEach(HandshakeRelay::closeQuietly);
  }

  private void acceptOne() {
    try {
      Socket client = server.accept();
      sockets.add(client);
      closeQuietly(server);
      Socket upstream = new Socket(targetHost, targetPort);
      sockets.add(upstream);
      InputStream fromClient = client.getInputStream();
      OutputStream toUpstream = upstream.getOutputStream();
      toUpstream.write(repairHead(readHead(fromClient)));
      toUpstream.flush();
      pump(upstream, client, "down");
      pump(client, upstream, "up");
    } catch (IOException e) {
      close();
    }
  }

  /** Reads up to and including the blank line that ends the request head. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside the request head");
      }
      head.write(b);
      if (head.size() > MAX_HEAD_BYTES) {
        throw new IOException("request head over " + MAX_HEAD_BYTES + " bytes");
      }
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private byte[] repairHead(byte[] head) {
    String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n", -1);
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      if (line.isEmpty()) {
        continue;
      }
      if (EMPTY_CONTENT_LENGTH.matcher(line).matches()) {
        continue;
      }
      if (line.toLowerCase(Locale.ROOT).startsWith("host:")) {
        line = "Host: " + targetHost + ":" + targetPort;
      }
      out.append(line).append("\r\n");
    }
    return out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
        to.shutdownOutput();
      } catch (IOException e) {
        close();
      }
    }, "handshake-relay-" + port() + "-" + direction);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing on the way out; nothing to report
    }
  }
}
