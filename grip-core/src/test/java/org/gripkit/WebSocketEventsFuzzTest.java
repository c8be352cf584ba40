package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gripkit.Wire.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gripkit.WebSocketEvent.Binary;
import org.gripkit.WebSocketEvent.Close;
import org.gripkit.WebSocketEvent.Disconnect;
import org.gripkit.WebSocketEvent.Open;
import org.gripkit.WebSocketEvent.Ping;
import org.gripkit.WebSocketEvent.Pong;
import org.gripkit.WebSocketEvent.Text;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the decoder from a corpus of valid bodies. Seeded, so every run decodes
 * the same inputs and a failure names the case that reproduces it.
 */
class WebSocketEventsFuzzTest {
  private static final long SEED = 0x6772_6970_6b69_74L;
  private static final int CASES = 100_000;
  /** Only something absurd fails: the cases take microseconds each. */
  private static final long ABSURD_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final byte[] INTERESTING_BYTES = {
    '\r', '\n', ' ', '0', '9', 'a', 'f', 'F', 'g', 'A', 'Z', 't', '-', 0x00, 0x7f,
    (byte) 0x80, (byte) 0xbf, (byte) 0xc0, (byte) 0xc3, (byte) 0xe0, (byte) 0xed, (byte) 0xf0,
    (byte) 0xf4, (byte) 0xf5, (byte) 0xff
  };
  private static final String[] INTERESTING_TOKENS = {
    "\r\n", "\r", "\n", " ", "OPEN\r\n", "TEXT ", "TEXT\r\n", "CLOSE 1\r\n\u0003\r\n",
    "PING 0\r\n\r\n", "DISCONNECT", "ffffffff", "\\xED\\xA0\\x80", "\\xF0\\x9F\\x98"
  };
  /** Sizes that overflow, look negative, or are just wrong. */
  private static final String[] SIZES = {
    "ffffffff", "FFFFFFFF", "7fffffff", "80000000", "100000000", "fffffff", "-1", "+1", "0",
    "00000000", "000000001", "1", "2", "10", "ff", "FfFf", "0x10", "", " 1"
  };

  @Test
  void mutatedBodiesOnlyEverFailWithAProtocolException() {
    List<byte[]> corpus = corpus();
    Random random = new Random(SEED);
    long slowestNanos = 0;
    int slowestCase = -1;
    int decoded = 0;
    int rejected = 0;
    for (int i = 0; i < CASES; i++) {
      byte[] input = mutate(corpus, random);
      int limit = random.nextInt(16) == 0
          ? random.nextInt(input.length + 2)
          : WebSocketEvents.DEFAULT_MAX_BODY_BYTES;
      List<WebSocketEvent> events = null;
      WebSocketProtocolException failure = null;
      long start = System.nanoTime();
      try {
        events = WebSocketEvents.decode(input, limit);
      } catch (WebSocketProtocolException e) {
        failure = e;
      } catch (Throwable t) {
        throw new AssertionError(describe(i, input, limit) + " threw " + t, t);
      }
      long elapsed = System.nanoTime() - start;
      if (elapsed > slowestNanos) {
        slowestNanos = elapsed;
        slowestCase = i;
      }
      if (failure != null) {
        rejected++;
        // Checked by hand, not with assertThat: describing the input for every case is slow.
        if (failure.offset() < 0 || failure.offset() > input.length
            || !failure.getMessage().equals(failure.reason() + " at offset " + failure.offset())) {
          throw new AssertionError(describe(i, input, limit) + ": bad report " + failure);
        }
      } else {
        decoded++;
        // What decodes must survive a round trip unchanged.
        List<WebSocketEvent> again;
        try {
          again = WebSocketEvents.decode(WebSocketEvents.encode(events), Integer.MAX_VALUE);
        } catch (WebSocketProtocolException e) {
          throw new AssertionError(describe(i, input, limit) + " does not re-decode", e);
        }
        if (!again.equals(events)) {
          throw new AssertionError(describe(i, input, limit) + ": " + events + " came back as "
              + again);
        }
      }
    }
    assertThat(decoded + rejected).isEqualTo(CASES);
    // A fuzzer that only produced garbage, or only valid bodies, would test little.
    assertThat(decoded).as("cases that decoded").isGreaterThan(CASES / 20);
    assertThat(rejected).as("cases that were rejected").isGreaterThan(CASES / 20);
    assertThat(slowestNanos).as("slowest case, #%d", slowestCase).isLessThan(ABSURD_NANOS);
  }

  private static String describe(int i, byte[] input, int limit) {
    return "case " + i + " (seed " + SEED + ", limit " + limit + "), input hex " + Wire.hex(input)
        + " = \"" + Wire.escape(input) + "\"";
  }

  // --- Corpus ---

  private static List<byte[]> corpus() {
    List<byte[]> corpus = new ArrayList<>();
    for (String body : new String[] {
        // The protocol document's examples (the 1B one corrected to 1c) and the field cases.
        "TEXT B\r\nhello world\r\n",
        "OPEN\r\n",
        "OPEN 0\r\n\r\n",
        "TEXT 5\r\nworld\r\nTEXT 1c\r\nhere is another nice message\r\n",
        "CLOSE 2\r\n\\x03\\xE8\r\n",
        "TEXT b\r\nhéllo 😀\r\nTEXT 2\r\nok\r\n",
        "TEXT 9\r\n日本語\r\n",
        "TEXT\r\nTEXT 0\r\n\r\nBINARY\r\nOPEN 0\r\n\r\n",
        "CLOSE 5\r\n\\x03\\xE9bye\r\n",
        "CLOSE\r\n",
        "CLOSE 5\r\n\\x0F\\xA1bye\r\n",
        "PING 5\r\nping1\r\nPONG\r\nTEXT 5\r\nhello\r\nPING 5\r\nping2\r\n",
        "BINARY 4\r\nm:\\x01\\x02\r\n",
        "DISCONNECT\r\n",
        "",
    }) {
      corpus.add(wire(body));
    }
    Random random = new Random(SEED ^ 0xc0ffee);
    for (int i = 0; i < 200; i++) {
      List<WebSocketEvent> events = new ArrayList<>();
      int count = 1 + random.nextInt(6);
      for (int k = 0; k < count; k++) {
        events.add(randomEvent(random));
      }
      corpus.add(WebSocketEvents.encode(events));
    }
    return corpus;
  }

  private static WebSocketEvent randomEvent(Random random) {
    switch (random.nextInt(7)) {
      case 0:
        return new Open();
      case 1:
        return new Text(randomText(random));
      case 2:
        return new Binary(randomBytes(random));
      case 3:
        return new Ping(randomBytes(random));
      case 4:
        return new Pong(randomBytes(random));
      case 5:
        return random.nextInt(4) == 0
            ? Close.withoutCode()
            : new Close(closeCode(random), randomText(random));
      default:
        return new Disconnect();
    }
  }

  private static int closeCode(Random random) {
    int code = random.nextBoolean() ? 1000 + random.nextInt(4000) : random.nextInt(0x10000);
    return code == Close.NO_STATUS_CODE ? 1000 : code; // 1005 has no wire form
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(random.nextInt(8) == 0 ? 300 : 12);
    for (int i = 0; i < length; i++) {
      text.appendCodePoint(Utf8Test.randomScalarValue(random));
    }
    return text.toString();
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(random.nextInt(8) == 0 ? 300 : 12)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = random.nextBoolean()
          ? (byte) random.nextInt(256)
          : INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
    }
    return bytes;
  }

  // --- Mutations ---

  private static byte[] mutate(List<byte[]> corpus, Random random) {
    byte[] input = corpus.get(random.nextInt(corpus.size()));
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      input = mutateOnce(input, corpus, random);
    }
    return input;
  }

  private static byte[] mutateOnce(byte[] input, List<byte[]> corpus, Random random) {
    int op = random.nextInt(11);
    if (input.length == 0 && op < 9) {
      op = 4; // only inserting and splicing make sense on nothing
    }
    switch (op) {
      case 0: { // flip one bit
        byte[] out = input.clone();
        out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
        return out;
      }
      case 1: { // overwrite a byte with anything
        byte[] out = input.clone();
        out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        return out;
      }
      case 2: { // overwrite a byte with one that means something to the grammar
        byte[] out = input.clone();
        out[random.nextInt(out.length)] =
            INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
        return out;
      }
      case 3: { // delete a run of bytes
        int at = random.nextInt(input.length);
        int length = Math.min(input.length - at, 1 + random.nextInt(8));
        return splice(input, at, length, new byte[0]);
      }
      case 4: { // insert bytes or a token
        byte[] insert = random.nextBoolean()
            ? new byte[] {INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]}
            : wire(INTERESTING_TOKENS[random.nextInt(INTERESTING_TOKENS.length)]);
        return splice(input, random.nextInt(input.length + 1), 0, insert);
      }
      case 5: // truncate
        return Arrays.copyOf(input, random.nextInt(input.length));
      case 6: { // duplicate a region, such as a whole event
        int from = random.nextInt(input.length);
        int to = from + 1 + random.nextInt(input.length - from);
        return splice(input, random.nextInt(input.length + 1), 0,
            Arrays.copyOfRange(input, from, to));
      }
      case 7: { // swap two bytes
        byte[] out = input.clone();
        int a = random.nextInt(out.length);
        int b = random.nextInt(out.length);
        byte t = out[a];
        out[a] = out[b];
        out[b] = t;
        return out;
      }
      case 8:
        return changeASize(input, random);
      case 9: { // splice: this body's head onto another body's tail
        byte[] other = corpus.get(random.nextInt(corpus.size()));
        int head = random.nextInt(input.length + 1);
        int tail = random.nextInt(other.length + 1);
        return WebSocketEventsTest.concat(Arrays.copyOf(input, head),
            Arrays.copyOfRange(other, tail, other.length));
      }
      default: // two bodies back to back
        return WebSocketEventsTest.concat(input, corpus.get(random.nextInt(corpus.size())));
    }
  }

  /** Replaces the digits after one "TYPE " with a huge, negative-looking or wrong size. */
  private static byte[] changeASize(byte[] input, Random random) {
    List<Integer> sizes = new ArrayList<>();
    for (int i = 1; i < input.length; i++) {
      if (input[i - 1] == ' ' && Character.digit(input[i], 16) >= 0) {
        sizes.add(i);
      }
    }
    if (sizes.isEmpty()) {
      return input;
    }
    int at = sizes.get(random.nextInt(sizes.size()));
    int end = at;
    while (end < input.length && Character.digit(input[end], 16) >= 0) {
      end++;
    }
    String size = random.nextInt(4) == 0
        ? Long.toHexString(random.nextLong() >>> random.nextInt(64))
        : SIZES[random.nextInt(SIZES.length)];
    return splice(input, at, end - at, size.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] splice(byte[] input, int at, int remove, byte[] insert) {
    byte[] out = new byte[input.length - remove + insert.length];
    System.arraycopy(input, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(input, at + remove, out, at + insert.length, input.length - at - remove);
    return out;
  }
}
