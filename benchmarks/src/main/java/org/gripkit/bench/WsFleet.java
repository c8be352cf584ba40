package org.gripkit.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Many WebSocket clients on one selector thread: raw NIO, RFC 6455 framing, no per-message
 * allocation beyond what a frame needs. Built so that 5,000 clients on a 2-core machine cost
 * little next to the proxy they measure.
 *
 * <p>It records, per message kind and sequence number, how many clients received the message
 * and the {@link System#nanoTime()} of the last one (taken once per read, before parsing).
 * Recognised text messages:
 *
 * <pre>
 *   d:&lt;seq&gt;:xxx...                      kind RAW, published straight to Pushpin
 *   {"type":"echo","seq":&lt;seq&gt;,...}      kind APP, posted by a client, published by the origin
 *   probe                                    marks the client as subscribed
 * </pre>
 *
 * <p>Everything else (acks, keep-alives) is counted and ignored. Not thread-safe except as
 * documented: the counters may be read from any thread, {@link #send} may be called from one
 * other thread.
 */
final class WsFleet implements AutoCloseable {
  static final int RAW = 0;
  static final int APP = 1;
  /** Sequence numbers per kind. */
  static final int MAX_SEQ = 1 << 16;

  private static final int MAX_CONNECTING = 64;
  private static final byte[] PROBE = "probe".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ECHO_PREFIX =
      "{\"type\":\"echo\",\"seq\":".getBytes(StandardCharsets.US_ASCII);

  private final InetSocketAddress address;
  private final String path;
  private final Selector selector;
  private final Thread loop;
  private final Queue<Conn> toRegister = new ConcurrentLinkedQueue<>();
  private final Semaphore connecting = new Semaphore(MAX_CONNECTING);
  private final List<Conn> conns = new ArrayList<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger closedByPeer = new AtomicInteger();
  private final AtomicInteger probed = new AtomicInteger();
  private final AtomicInteger others = new AtomicInteger();
  /** Why handshakes failed, by reason. */
  private final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> failures =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(1 << 16);
  private volatile int probeGeneration;
  private volatile boolean running = true;
  private volatile Counts counts = new Counts();

  /** Per-kind counts and last arrival times; replaced by {@link #resetCounts()}. */
  static final class Counts {
    final AtomicIntegerArray received = new AtomicIntegerArray(2 * MAX_SEQ);
    final AtomicLongArray last = new AtomicLongArray(2 * MAX_SEQ);
    final AtomicLongArray first = new AtomicLongArray(2 * MAX_SEQ);

    int received(int kind, int seq) {
      return received.get(kind * MAX_SEQ + seq);
    }

    long last(int kind, int seq) {
      return last.get(kind * MAX_SEQ + seq);
    }

    long first(int kind, int seq) {
      return first.get(kind * MAX_SEQ + seq);
    }
  }

  private static final class Conn {
    final int index;
    final SocketChannel channel;
    ByteBuffer in = ByteBuffer.allocate(4096);
    boolean upgraded;
    String key = "";
    int probeGeneration = -1;
    /** Fragments of a message split over several frames. */
    java.io.ByteArrayOutputStream fragments;
    int fragmentOpcode;

    Conn(int index, SocketChannel channel) {
      this.index = index;
      this.channel = channel;
    }
  }

  WsFleet(String host, int port, String path) throws IOException {
    this.address = new InetSocketAddress(host, port);
    this.path = path;
    this.selector = Selector.open();
    this.loop = new Thread(this::run, "ws-fleet");
    loop.setDaemon(true);
    loop.start();
  }

  int size() {
    return conns.size();
  }

  int open() {
    return open.get();
  }

  int failed() {
    return failed.get();
  }

  int closedByPeer() {
    return closedByPeer.get();
  }

  /** Why connections failed or were closed: reason → count. */
  java.util.Map<String, Integer> failureReasons() {
    java.util.Map<String, Integer> copy = new java.util.TreeMap<>();
    failures.forEach((reason, count) -> copy.put(reason, count.get()));
    return copy;
  }

  int otherMessages() {
    return others.get();
  }

  Counts counts() {
    return counts;
  }

  void resetCounts() {
    counts = new Counts();
  }

  /**
   * Opens connections until there are {@code total}, at most {@value #MAX_CONNECTING}
   * handshakes at a time, and waits for them.
   *
   * @return the number of open connections
   */
  int connectUpTo(int total, long timeoutMillis) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (conns.size() < total) {
      if (!connecting.tryAcquire(Math.max(1, deadline - System.nanoTime()),
          TimeUnit.NANOSECONDS)) {
        break;
      }
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
      Conn conn = new Conn(conns.size(), channel);
      conns.add(conn);
      channel.connect(address);
      toRegister.add(conn);
      selector.wakeup();
    }
    if (connecting.tryAcquire(MAX_CONNECTING, Math.max(1, deadline - System.nanoTime()),
        TimeUnit.NANOSECONDS)) {
      connecting.release(MAX_CONNECTING);
    }
    return open.get();
  }

  /** Starts a new probe round: {@link #probed()} counts clients that got a probe since. */
  void newProbeRound() {
    probed.set(0);
    probeGeneration++;
  }

  int probed() {
    return probed.get();
  }

  /** Sends a text message from client {@code index}; safe from one thread besides the loop. */
  void send(int index, String text) throws IOException {
    Conn conn = conns.get(index);
    ByteBuffer frame = maskedFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    synchronized (conn) {
      while (frame.hasRemaining()) {
        if (conn.channel.write(frame) == 0) {
          Thread.onSpinWait();
        }
      }
    }
  }

  private void run() {
    try {
      while (running) {
        selector.select(100);
        Conn pending;
        while ((pending = toRegister.poll()) != null) {
          try {
            pending.channel.register(selector, SelectionKey.OP_CONNECT, pending);
          } catch (ClosedChannelException e) {
            fail(pending);
          }
        }
        var keys = selector.selectedKeys();
        if (keys.isEmpty()) {
          continue;
        }
        long now = System.nanoTime();
        for (SelectionKey key : keys) {
          Conn conn = (Conn) key.attachment();
          try {
            if (!key.isValid()) {
              continue;
            }
            if (key.isConnectable()) {
              conn.channel.finishConnect();
              key.interestOps(SelectionKey.OP_READ);
              conn.key = Base64.getEncoder().encodeToString(randomBytes(16));
              writeFully(conn, ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\n"
                  + "Host: " + address.getHostString() + ":" + address.getPort() + "\r\n"
                  + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: " + conn.key + "\r\n"
                  + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            } else if (key.isReadable()) {
              read(conn, key, now);
            }
          } catch (IOException | RuntimeException e) {
            key.cancel();
            closeQuietly(conn);
            String reason = (conn.upgraded ? "closed: " : "handshake: ")
                + e.getClass().getSimpleName() + ": " + e.getMessage();
            failures.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
            if (conn.upgraded) {
              open.decrementAndGet();
              closedByPeer.incrementAndGet();
            } else {
              fail(conn);
            }
          }
        }
        keys.clear();
      }
    } catch (IOException | java.nio.channels.ClosedSelectorException e) {
      if (running) {
        System.err.println("ws-fleet selector failed: " + e);
      }
    }
  }

  private void fail(Conn conn) {
    failed.incrementAndGet();
    connecting.release();
  }

  private void read(Conn conn, SelectionKey key, long now) throws IOException {
    while (true) {
      readBuffer.clear();
      int n = conn.channel.read(readBuffer);
      if (n < 0) {
        throw new IOException("closed by peer");
      }
      if (n == 0) {
        return;
      }
      readBuffer.flip();
      if (conn.in.remaining() < n) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(conn.in.capacity() * 2,
            conn.in.position() + n + 1024));
        conn.in.flip();
        bigger.put(conn.in);
        conn.in = bigger;
      }
      conn.in.put(readBuffer);
      conn.in.flip();
      try {
        if (!conn.upgraded) {
          if (!handshake(conn)) {
            return;
          }
        }
        frames(conn, now);
      } finally {
        conn.in.compact();
      }
      if (n < readBuffer.capacity()) {
        return;
      }
    }
  }

  /** Reads the 101 answer from {@code conn.in}; true once the connection is upgraded. */
  private boolean handshake(Conn conn) throws IOException {
    ByteBuffer in = conn.in;
    int end = -1;
    for (int i = in.position(); i + 3 < in.limit(); i++) {
      if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r'
          && in.get(i + 3) == '\n') {
        end = i + 4;
        break;
      }
    }
    if (end < 0) {
      return false;
    }
    byte[] head = new byte[end - in.position()];
    in.get(head);
    String text = new String(head, StandardCharsets.ISO_8859_1);
    if (!text.startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + text.lines().findFirst().orElse(""));
    }
    String accept = accept(conn.key);
    if (!text.toLowerCase(java.util.Locale.ROOT)
        .contains("sec-websocket-accept: " + accept.toLowerCase(java.util.Locale.ROOT))) {
      throw new IOException("wrong Sec-WebSocket-Accept");
    }
    conn.upgraded = true;
    open.incrementAndGet();
    connecting.release();
    return true;
  }

  private void frames(Conn conn, long now) throws IOException {
    ByteBuffer in = conn.in;
    while (in.remaining() >= 2) {
      int start = in.position();
      int b0 = in.get(start) & 0xff;
      int b1 = in.get(start + 1) & 0xff;
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0f;
      boolean masked = (b1 & 0x80) != 0;
      long length = b1 & 0x7f;
      int header = 2;
      if (length == 126) {
        if (in.remaining() < 4) {
          return;
        }
        length = in.getShort(start + 2) & 0xffff;
        header = 4;
      } else if (length == 127) {
        if (in.remaining() < 10) {
          return;
        }
        length = in.getLong(start + 2);
        header = 10;
      }
      if (masked) {
        throw new IOException("server frames must not be masked");
      }
      if (length > (1 << 24)) {
        throw new IOException("frame too large: " + length);
      }
      if (in.remaining() < header + length) {
        return;
      }
      int payload = start + header;
      int len = (int) length;
      in.position(payload + len);
      switch (opcode) {
        case 0x1, 0x2 -> {
          if (fin) {
            message(conn, opcode, in, payload, len, now);
          } else {
            conn.fragments = new java.io.ByteArrayOutputStream();
            conn.fragmentOpcode = opcode;
            append(conn, in, payload, len);
          }
        }
        case 0x0 -> {
          append(conn, in, payload, len);
          if (fin && conn.fragments != null) {
            byte[] whole = conn.fragments.toByteArray();
            conn.fragments = null;
            message(conn, conn.fragmentOpcode, ByteBuffer.wrap(whole), 0, whole.length, now);
          }
        }
        case 0x8 -> throw new IOException("close frame from server");
        case 0x9 -> {
          byte[] data = new byte[len];
          in.get(payload, data);
          writeFully(conn, maskedFrame(0xA, data));
        }
        default -> {
          // pong or reserved: ignore
        }
      }
    }
  }

  private static void append(Conn conn, ByteBuffer in, int offset, int length) {
    if (conn.fragments == null) {
      return;
    }
    byte[] part = new byte[length];
    in.get(offset, part);
    conn.fragments.writeBytes(part);
  }

  private void message(Conn conn, int opcode, ByteBuffer in, int offset, int length, long now) {
    if (opcode != 0x1) {
      others.incrementAndGet();
      return;
    }
    if (length >= 2 && in.get(offset) == 'd' && in.get(offset + 1) == ':') {
      int seq = digits(in, offset + 2, offset + length);
      if (seq >= 0) {
        record(RAW, seq, now);
        return;
      }
    } else if (startsWith(in, offset, length, ECHO_PREFIX)) {
      int seq = digits(in, offset + ECHO_PREFIX.length, offset + length);
      if (seq >= 0) {
        record(APP, seq, now);
        return;
      }
    } else if (length == PROBE.length && startsWith(in, offset, length, PROBE)) {
      int generation = probeGeneration;
      if (conn.probeGeneration != generation) {
        conn.probeGeneration = generation;
        probed.incrementAndGet();
      }
      return;
    }
    others.incrementAndGet();
  }

  private void record(int kind, int seq, long now) {
    if (seq >= MAX_SEQ) {
      others.incrementAndGet();
      return;
    }
    Counts c = counts;
    int i = kind * MAX_SEQ + seq;
    if (c.received.getAndIncrement(i) == 0) {
      c.first.set(i, now);
    }
    c.last.set(i, now);
  }

  private static boolean startsWith(ByteBuffer in, int offset, int length, byte[] prefix) {
    if (length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (in.get(offset + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** The decimal number at {@code from}, or -1 when there is none. */
  private static int digits(ByteBuffer in, int from, int to) {
    int value = 0;
    int i = from;
    while (i < to && i - from < 9) {
      int b = in.get(i);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
      i++;
    }
    return i == from ? -1 : value;
  }

  private static void writeFully(Conn conn, ByteBuffer buffer) throws IOException {
    synchronized (conn) {
      while (buffer.hasRemaining()) {
        if (conn.channel.write(buffer) == 0) {
          Thread.onSpinWait();
        }
      }
    }
  }

  private static ByteBuffer maskedFrame(int opcode, byte[] payload) {
    int header = payload.length < 126 ? 2 : payload.length < 65536 ? 4 : 10;
    ByteBuffer frame = ByteBuffer.allocate(header + 4 + payload.length);
    frame.put((byte) (0x80 | opcode));
    if (payload.length < 126) {
      frame.put((byte) (0x80 | payload.length));
    } else if (payload.length < 65536) {
      frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
    } else {
      frame.put((byte) (0x80 | 127)).putLong(payload.length);
    }
    byte[] mask = randomBytes(4);
    frame.put(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.put((byte) (payload[i] ^ mask[i & 3]));
    }
    return frame.flip();
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  private static String accept(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return Base64.getEncoder().encodeToString(sha1.digest(
          (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }

  private static void closeQuietly(Conn conn) {
    try {
      conn.channel.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** Drops every connection (no close handshake) and stops the selector thread. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    selector.wakeup();
    loop.join(5000);
    for (Conn conn : conns) {
      closeQuietly(conn);
    }
    try {
      selector.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
