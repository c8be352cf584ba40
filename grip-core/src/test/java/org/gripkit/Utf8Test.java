package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Utf8#firstInvalid} against the JDK's strict decoder (malformed input: REPORT). */
class Utf8Test {
  /** Bytes around every boundary a UTF-8 validator has to get right. */
  private static final int[] EDGE_BYTES = {
    0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed,
    0xef, 0xf0, 0xf4, 0xf5, 0xff
  };

  private final CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  @ParameterizedTest(name = "{0}: [{1}] -> {2}")
  @MethodSource
  void edgeCase(String name, String hex, int expected) {
    byte[] bytes = HexFormat.ofDelimiter(" ").parseHex(hex);
    assertThat(Utf8.firstInvalid(bytes, 0, bytes.length)).isEqualTo(expected);
    assertThat(jdkFirstInvalid(bytes, 0, bytes.length)).as("the JDK agrees").isEqualTo(expected);
  }

  static Stream<Arguments> edgeCase() {
    return Stream.of(
        Arguments.of("empty", "", -1),
        Arguments.of("ASCII", "68 69", -1),
        Arguments.of("U+0080, smallest 2-byte", "c2 80", -1),
        Arguments.of("U+07FF, largest 2-byte", "df bf", -1),
        Arguments.of("U+0800, smallest 3-byte", "e0 a0 80", -1),
        Arguments.of("U+D7FF, below the surrogates", "ed 9f bf", -1),
        Arguments.of("U+E000, above the surrogates", "ee 80 80", -1),
        Arguments.of("U+FFFF", "ef bf bf", -1),
        Arguments.of("U+10000, smallest 4-byte", "f0 90 80 80", -1),
        Arguments.of("U+10FFFF, largest code point", "f4 8f bf bf", -1),
        Arguments.of("overlong NUL", "c0 80", 0),
        Arguments.of("overlong 2-byte with C1", "c1 bf", 0),
        Arguments.of("overlong 3-byte", "e0 9f bf", 0),
        Arguments.of("overlong 4-byte", "f0 8f bf bf", 0),
        Arguments.of("surrogate U+D800", "ed a0 80", 0),
        Arguments.of("surrogate U+DFFF", "ed bf bf", 0),
        Arguments.of("U+110000", "f4 90 80 80", 0),
        Arguments.of("lead F5", "f5 80 80 80", 0),
        Arguments.of("5-byte form", "f8 88 80 80 80", 0),
        Arguments.of("byte FE", "fe", 0),
        Arguments.of("byte FF", "ff", 0),
        Arguments.of("stray continuation", "80", 0),
        Arguments.of("stray continuation after ASCII", "61 bf", 1),
        Arguments.of("truncated 2-byte", "c3", 0),
        Arguments.of("truncated 3-byte", "e2 82", 0),
        Arguments.of("truncated 4-byte", "f0 9f 98", 0),
        Arguments.of("2-byte lead then ASCII", "c3 41", 0),
        Arguments.of("3-byte with bad second byte", "e2 28 a1", 0),
        Arguments.of("euro sign then stray continuation", "61 62 e2 82 ac 80", 5),
        Arguments.of("bad byte after a 4-byte character", "f0 9f 98 80 ff", 4));
  }

  @Test
  void agreesWithTheJdkOnEveryOneAndTwoByteInput() {
    byte[] one = new byte[1];
    byte[] two = new byte[2];
    for (int a = 0; a < 256; a++) {
      one[0] = (byte) a;
      assertAgrees(one, 0, 1);
      for (int b = 0; b < 256; b++) {
        two[0] = (byte) a;
        two[1] = (byte) b;
        assertAgrees(two, 0, 2);
      }
    }
  }

  @Test
  void agreesWithTheJdkOnEveryMultiByteLeadAndSecondByte() {
    // Every lead 80..FF with every second byte, then edge bytes in the remaining places.
    byte[] three = new byte[3];
    byte[] four = new byte[4];
    for (int lead = 0x80; lead < 256; lead++) {
      for (int second = 0; second < 256; second++) {
        for (int third : EDGE_BYTES) {
          three[0] = (byte) lead;
          three[1] = (byte) second;
          three[2] = (byte) third;
          assertAgrees(three, 0, 3);
          if (lead >= 0xf0 && lead <= 0xf7) {
            for (int fourth : EDGE_BYTES) {
              four[0] = (byte) lead;
              four[1] = (byte) second;
              four[2] = (byte) third;
              four[3] = (byte) fourth;
              assertAgrees(four, 0, 4);
            }
          }
        }
      }
    }
  }

  @Test
  void everyScalarValueIsValidAndEverySurrogateIsNot() {
    int valid = 0;
    int surrogates = 0;
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      byte[] encoded = encode(cp);
      boolean surrogate = cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
      int result = Utf8.firstInvalid(encoded, 0, encoded.length);
      if (result != (surrogate ? 0 : -1)) {
        throw new AssertionError(String.format("U+%04X [%s]: %d", cp, Wire.hex(encoded), result));
      }
      if (surrogate) {
        surrogates++;
      } else {
        valid++;
      }
    }
    assertThat(valid).isEqualTo(0x110000 - 0x800);
    assertThat(surrogates).isEqualTo(0x800);
  }

  @Test
  void agreesWithTheJdkOnRandomBytes() {
    Random random = new Random(0x5eed_0001L);
    for (int i = 0; i < 200_000; i++) {
      byte[] bytes = new byte[random.nextInt(17)];
      for (int k = 0; k < bytes.length; k++) {
        // Mostly high bytes, where the faults are; some ASCII to separate sequences.
        bytes[k] = (byte) (random.nextInt(4) == 0
            ? random.nextInt(0x80)
            : 0x80 + random.nextInt(0x80));
      }
      assertAgrees(bytes, 0, bytes.length);
    }
  }

  @Test
  void agreesWithTheJdkOnMutatedValidText() {
    Random random = new Random(0x5eed_0002L);
    for (int i = 0; i < 50_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(8);
      for (int k = 0; k < length; k++) {
        text.appendCodePoint(randomScalarValue(random));
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      assertAgrees(bytes, 0, bytes.length);
      if (bytes.length > 0) {
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(3)) {
          case 0 -> bytes[at] = (byte) random.nextInt(256);
          case 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
          default -> bytes = Arrays.copyOf(bytes, at); // truncate
        }
        assertAgrees(bytes, 0, bytes.length);
      }
    }
  }

  @Test
  void agreesWithTheJdkOnSubrangesAndReportsBodyOffsets() {
    // The codec validates content in place, so offsets are absolute and the range end cuts.
    Random random = new Random(0x5eed_0003L);
    for (int i = 0; i < 50_000; i++) {
      byte[] bytes = new byte[random.nextInt(24)];
      for (int k = 0; k < bytes.length; k++) {
        bytes[k] = (byte) EDGE_BYTES[random.nextInt(EDGE_BYTES.length)];
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      int to = from + random.nextInt(bytes.length - from + 1);
      assertAgrees(bytes, from, to);
    }
  }

  @Test
  void rangeEndCutsASequence() {
    // "é" is C3 A9; a range that ends after C3 holds a truncated sequence.
    byte[] bytes = {'x', (byte) 0xc3, (byte) 0xa9};
    assertThat(Utf8.firstInvalid(bytes, 0, 3)).isEqualTo(-1);
    assertThat(Utf8.firstInvalid(bytes, 0, 2)).isEqualTo(1);
    assertThat(Utf8.firstInvalid(bytes, 2, 3)).isEqualTo(2);
    assertThat(Utf8.firstInvalid(bytes, 1, 1)).isEqualTo(-1);
  }

  private void assertAgrees(byte[] bytes, int from, int to) {
    int expected = jdkFirstInvalid(bytes, from, to);
    int actual = Utf8.firstInvalid(bytes, from, to);
    if (actual != expected) {
      throw new AssertionError("[" + Wire.hex(bytes) + "] from " + from + " to " + to
          + ": firstInvalid " + actual + ", JDK " + expected);
    }
  }

  private int jdkFirstInvalid(byte[] bytes, int from, int to) {
    ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
    CharBuffer out = CharBuffer.allocate(to - from + 1);
    jdk.reset();
    CoderResult result = jdk.decode(in, out, true);
    if (result.isError()) {
      return in.position();
    }
    assertThat(jdk.flush(out).isUnderflow()).isTrue();
    return -1;
  }

  private static byte[] encode(int cp) {
    if (cp < 0x80) {
      return new byte[] {(byte) cp};
    } else if (cp < 0x800) {
      return new byte[] {(byte) (0xc0 | cp >> 6), (byte) (0x80 | cp & 0x3f)};
    } else if (cp < 0x10000) {
      // Written by hand: String.getBytes would replace a lone surrogate with '?'.
      return new byte[] {
        (byte) (0xe0 | cp >> 12), (byte) (0x80 | cp >> 6 & 0x3f), (byte) (0x80 | cp & 0x3f)
      };
    } else {
      return new byte[] {
        (byte) (0xf0 | cp >> 18), (byte) (0x80 | cp >> 12 & 0x3f),
        (byte) (0x80 | cp >> 6 & 0x3f), (byte) (0x80 | cp & 0x3f)
      };
    }
  }

  static int randomScalarValue(Random random) {
    while (true) {
      int cp = switch (random.nextInt(4)) {
        case 0 -> random.nextInt(0x80);
        case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
        case 2 -> 0x800 + random.nextInt(0x10000 - 0x800);
        default -> 0x10000 + random.nextInt(Character.MAX_CODE_POINT + 1 - 0x10000);
      };
      if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
        return cp;
      }
    }
  }
}
