package org.gripkit.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.gripkit.WebSocketEvent;

/**
 * The byte-exact inputs of the shared benchmark workloads (WORKLOADS.md), built the same way
 * as the peer generator builds them, with the SHA-256 values it publishes.
 *
 * <pre>
 *   P(i)  64 ASCII bytes: "m" + 4-digit i + ":" then, for p = 6..63, 'a' + ((i + p) mod 26)
 *   B(i)  32 bytes: byte j = (i * 7 + j) &amp; 0xFF
 *   U     65 536 bytes: "é€😀中жab" (16 UTF-8 bytes) repeated 4 096 times
 *   W1    100 x "TEXT 40\r\n" P(i) "\r\n"                        7 500 B
 *   W2    "TEXT 10000\r\n" U "\r\n"                             65 550 B
 *   W3    the 100 TEXT events of W1, content as String; encodes to W1
 *   W4    OPEN, 10 x (TEXT P(i), BINARY B(i)), CLOSE 1000         1 219 B encoded
 * </pre>
 *
 * <p>{@code main --write DIR} writes the origin driver's request bodies ({@code open.bin},
 * {@code text-00.bin} .. {@code text-63.bin}) and {@code grip-sig.txt} for wrk.
 */
public final class Workloads {
  public static final String W1_SHA256 =
      "2f14808503fa9e0f8fc9baf1634c79fbf6c8012ceb031841ff566fddf93fa0d7";
  public static final String W2_SHA256 =
      "b71595a36354bf8496b1fc584189a3838bcb3a3a947be1fb55b1eaea547e6303";
  public static final String W4_SHA256 =
      "61f4a07cc80ab589748955603b4e98834b20500f0e8722b5722ed36a9d6b593a";

  /** Events per operation, as WORKLOADS.md counts them for events_per_s. */
  public static final int W1_EVENTS = 100;
  public static final int W2_EVENTS = 1;
  public static final int W3_EVENTS = 100;
  public static final int W4_EVENTS = 22;

  /** The channel every benchmark connection is subscribed to. */
  public static final String CHANNEL = "room-bench";
  /** Pushpin's packaged development {@code sig_key}, which the driver's Grip-Sig is made with. */
  public static final String SIG_KEY = "changeme";

  private static final String UNIT = "é€😀中жab";

  private Workloads() {}

  /** P(i), i = 0..9999. */
  public static String p(int i) {
    if (i < 0 || i > 9999) {
      throw new IllegalArgumentException("P(i) needs 0 <= i <= 9999: " + i);
    }
    StringBuilder s = new StringBuilder(64).append(String.format("m%04d:", i));
    for (int p = 6; p < 64; p++) {
      s.append((char) ('a' + (i + p) % 26));
    }
    return s.toString();
  }

  /** B(i). */
  public static byte[] b(int i) {
    byte[] bytes = new byte[32];
    for (int j = 0; j < 32; j++) {
      bytes[j] = (byte) ((i * 7 + j) & 0xff);
    }
    return bytes;
  }

  /** U as a String (28 672 code points, 32 768 chars). */
  public static String u() {
    return UNIT.repeat(4096);
  }

  /** The W1 body, built byte by byte (not with the codec under test). */
  public static byte[] w1() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(7500);
    for (int i = 0; i < 100; i++) {
      event(out, "TEXT", p(i).getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  /** The W2 body. */
  public static byte[] w2() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(65550);
    event(out, "TEXT", u().getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** The W3 input: 100 TEXT events with P(i) as String content. */
  public static List<WebSocketEvent> w3() {
    List<WebSocketEvent> events = new ArrayList<>(100);
    for (int i = 0; i < 100; i++) {
      events.add(new WebSocketEvent.Text(p(i)));
    }
    return List.copyOf(events);
  }

  /** The W4 input: OPEN, then TEXT P(i) and BINARY B(i) for i = 0..9, then CLOSE 1000. */
  public static List<WebSocketEvent> w4() {
    List<WebSocketEvent> events = new ArrayList<>(22);
    events.add(new WebSocketEvent.Open());
    for (int i = 0; i < 10; i++) {
      events.add(new WebSocketEvent.Text(p(i)));
      events.add(new WebSocketEvent.Binary(b(i)));
    }
    events.add(new WebSocketEvent.Close(1000));
    return List.copyOf(events);
  }

  /** The W4 body as WORKLOADS.md spells it, built without the codec: what its SHA-256 is of. */
  public static byte[] w4Body() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1219);
    out.writeBytes("OPEN\r\n".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < 10; i++) {
      event(out, "TEXT", p(i).getBytes(StandardCharsets.US_ASCII));
      event(out, "BINARY", b(i));
    }
    event(out, "CLOSE", new byte[] {0x03, (byte) 0xe8});
    return out.toByteArray();
  }

  /** M(k): the client message of the origin driver's {@code text-NN.bin}. */
  public static String clientMessage(int k) {
    return "{\"type\":\"echo\",\"seq\":" + k + ",\"text\":\"bench client message "
        + String.format("%04d", k) + "\"}";
  }

  /** The body of {@code text-NN.bin}: one TEXT event holding M(k). */
  public static byte[] textRequest(int k) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(80);
    event(out, "TEXT", clientMessage(k).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** The body of {@code open.bin}. */
  public static byte[] openRequest() {
    return "OPEN\r\n".getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The driver's Grip-Sig: HS256 over {@code {"alg":"HS256","typ":"JWT"}} and {@code
   * {"iss":"pushpin","exp":4102444800}} with the key {@value #SIG_KEY}.
   */
  public static String gripSig() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString(
            "{\"iss\":\"pushpin\",\"exp\":4102444800}".getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SIG_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** Lower-case hex SHA-256. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Fails unless {@code bytes} has the length and SHA-256 that WORKLOADS.md gives for {@code
   * workload}: a benchmark of the wrong bytes measures nothing comparable.
   */
  public static void check(String workload, byte[] bytes, int length, String sha256) {
    String actual = sha256(bytes);
    if (bytes.length != length || !actual.equals(sha256)) {
      throw new IllegalStateException(workload + " is " + bytes.length + " bytes with sha256 "
          + actual + ", expected " + length + " bytes with sha256 " + sha256);
    }
  }

  private static void event(ByteArrayOutputStream out, String type, byte[] content) {
    out.writeBytes((type + " " + Integer.toHexString(content.length) + "\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(content);
    out.writeBytes(new byte[] {'\r', '\n'});
  }

  /** {@code --write DIR}: the origin driver's files; {@code --check}: the SHA-256 checks. */
  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("--write")) {
      Path dir = Path.of(args[1]);
      Files.createDirectories(dir);
      Files.write(dir.resolve("open.bin"), openRequest());
      for (int k = 0; k < 64; k++) {
        Files.write(dir.resolve(String.format("text-%02d.bin", k)), textRequest(k));
      }
      Files.writeString(dir.resolve("grip-sig.txt"), gripSig(), StandardCharsets.US_ASCII);
      System.err.println("wrote open.bin, text-00.bin .. text-63.bin and grip-sig.txt to " + dir);
    } else if (args.length == 1 && args[0].equals("--check")) {
      check("W1", w1(), 7500, W1_SHA256);
      check("W2", w2(), 65550, W2_SHA256);
      check("W4", w4Body(), 1219, W4_SHA256);
      System.out.println("W1 W2 W4 match their SHA-256 values");
    } else {
      System.err.println("usage: Workloads --write DIR | --check");
      System.exit(2);
    }
  }
}
