package org.gripkit.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Golden fixtures: the exact bytes of the cases in gripkit's CASES.md (BH-01 to BH-18) that a
 * GRIP library must get right, shipped in this jar so that an application's tests, the kit
 * and gripkit itself all check against the same bytes.
 *
 * <pre>{@code
 * WebSocketReply reply = connection.sendBody(Fixtures.bytes("ws/BH-04-pings.request"));
 * assertThat(reply.body()).isEqualTo(Fixtures.bytes("ws/BH-04-pings-echo.response"));
 * GripSigVerifier verifier = ...;  // key Fixtures.text("sig/hs256.key"), issuer "pushpin"
 * assertThat(verifier.verify(Fixtures.text("sig/BH-14-expired.jwt"))).isFalse();
 * }</pre>
 *
 * <p>Names are paths under {@code org/gripkit/testkit/fixtures/}: {@code ws/} WebSocket-over-HTTP
 * request and response bodies, {@code instruct/} GRIP headers, {@code publish/} publish bodies,
 * {@code sig/} {@code Grip-Sig} tokens and keys. {@link #names()} lists them all and {@link
 * #description(String)} says what each holds and what produces it. Files hold exact bytes: no
 * final newline is added, CR LF is CR LF. Stateless and thread-safe.
 */
public final class Fixtures {
  private static final String ROOT = "fixtures/";

  /** Name to description, in index order; read once. */
  private static final Map<String, String> INDEX = readIndex();

  private Fixtures() {}

  /** Every fixture name, in the order of the index (by case). */
  public static List<String> names() {
    return List.copyOf(INDEX.keySet());
  }

  /**
   * What the fixture holds, and for a response which request and which handler actions
   * produce it.
   *
   * @throws IllegalArgumentException if there is no fixture of that name
   */
  public static String description(String name) {
    check(name);
    return INDEX.get(name);
  }

  /**
   * The fixture's bytes, exactly as stored.
   *
   * @throws IllegalArgumentException if there is no fixture of that name
   */
  public static byte[] bytes(String name) {
    check(name);
    try (InputStream in = Fixtures.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("fixture " + name + " is in the index but not in the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + name, e);
    }
  }

  /**
   * The fixture as UTF-8 text (a token, a key, a JSON body).
   *
   * @throws IllegalArgumentException if there is no fixture of that name, or it is not UTF-8
   */
  public static String text(String name) {
    byte[] bytes = bytes(name);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("fixture " + name + " is not UTF-8 text: use bytes()");
    }
  }

  /**
   * A header fixture ({@code .headers}, {@code .request-headers}, {@code .response-headers}):
   * its {@code Name: value} lines, each ended by CR LF, as name and value pairs in order (a
   * name may repeat).
   *
   * @throws IllegalArgumentException if there is no fixture of that name, or a line is not a
   *     header
   */
  public static List<Map.Entry<String, String>> headers(String name) {
    String text = text(name);
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (String line : text.split("\r\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("fixture " + name + ": not a header line: " + line);
      }
      out.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).strip()));
    }
    return Collections.unmodifiableList(out);
  }

  private static void check(String name) {
    Objects.requireNonNull(name, "name == null");
    if (!INDEX.containsKey(name)) {
      List<String> near = new ArrayList<>();
      String dir = name.contains("/") ? name.substring(0, name.indexOf('/') + 1) : "";
      for (String known : INDEX.keySet()) {
        if (known.startsWith(dir)) {
          near.add(known);
        }
      }
      throw new IllegalArgumentException("no fixture \"" + name + "\"; "
          + (dir.isEmpty() ? "names start with ws/, instruct/, publish/ or sig/"
              : "in " + dir + ": " + near));
    }
  }

  /**
   * {@code index.txt}: one fixture a line, its name, white space, its description; {@code #}
   * starts a comment line.
   */
  private static Map<String, String> readIndex() {
    Map<String, String> index = new LinkedHashMap<>();
    try (InputStream in = Fixtures.class.getResourceAsStream(ROOT + "index.txt")) {
      if (in == null) {
        throw new IllegalStateException("fixtures/index.txt is missing from the jar");
      }
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] parts = trimmed.split("\\s+", 2);
        index.put(parts[0], parts.length > 1 ? parts[1] : "");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixtures/index.txt", e);
    }
    return Collections.unmodifiableMap(index);
  }
}
