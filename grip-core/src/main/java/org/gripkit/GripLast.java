package org.gripkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code Grip-Last} request header: for each channel, the id of the last item the
 * proxy delivered on it. Pushpin sends it when it asks the origin again for a held request, a
 * next link or a recovery request, one header per channel, for example {@code Grip-Last: fruit;
 * last-id=3}; the origin answers with what came after that id (see <a
 * href="https://pushpin.org/docs/reliability/">Pushpin reliability</a>). Its format:
 *
 * <pre>
 *   Grip-Last: channel ; last-id=id *(, channel ; last-id=id)
 * </pre>
 *
 * <p>Parsing is tolerant, because the header comes from the network and a bad one must never
 * make the origin fail: it never throws for any input, {@code null} included. Spaces around
 * names, values and separators are ignored; a value may be a quoted string with backslash
 * escapes; parameter names are matched ignoring case; other parameters are skipped; the empty
 * value {@code last-id=} is the empty id. Malformed entries are left out: one without a channel
 * name, one without a {@code last-id} parameter, one with an unterminated quote. When a channel
 * appears twice the last entry wins, as in Pushpin. Several header lines (as Pushpin sends
 * them) and one line joined with commas (as some frameworks merge them) give the same result.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class GripLast {
  private GripLast() {}

  /**
   * Parses one {@code Grip-Last} header value.
   *
   * @param header the header value, or {@code null} when the request has none
   * @return channel name to last id, in header order; unmodifiable; empty for {@code null}, a
   *     blank value or nothing well formed
   */
  public static Map<String, String> parse(@Nullable String header) {
    Map<String, String> out = new LinkedHashMap<>();
    if (header != null) {
      parseInto(header, out);
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Parses every {@code Grip-Last} header line of a request, in order.
   *
   * @param headers the header values, or {@code null}; {@code null} elements are skipped
   * @return channel name to last id, in header order; unmodifiable; empty when there is none
   */
  public static Map<String, String> parseAll(
      @Nullable Iterable<? extends @Nullable String> headers) {
    Map<String, String> out = new LinkedHashMap<>();
    if (headers != null) {
      for (String header : headers) {
        if (header != null) {
          parseInto(header, out);
        }
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static void parseInto(String header, Map<String, String> out) {
    for (String item : splitItems(header)) {
      int semi = item.indexOf(';');
      if (semi < 0) {
        continue;
      }
      String channel = item.substring(0, semi).strip();
      String lastId = lastId(item, semi + 1);
      if (!channel.isEmpty() && lastId != null) {
        out.remove(channel);
        out.put(channel, lastId);
      }
    }
  }

  /** Cuts at commas outside quoted strings; an item with an unterminated quote is dropped. */
  private static List<String> splitItems(String header) {
    List<String> items = new ArrayList<>();
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        items.add(header.substring(start, i));
        start = i + 1;
      }
    }
    if (!quoted) {
      items.add(header.substring(start));
    }
    return items;
  }

  /** The value of the {@code last-id} parameter in {@code item} from {@code from}, or null. */
  private static @Nullable String lastId(String item, int from) {
    @Nullable String found = null;
    int i = from;
    while (i < item.length()) {
      int eq = item.indexOf('=', i);
      int semi = item.indexOf(';', i);
      if (eq < 0 || (semi >= 0 && semi < eq)) {
        // A parameter without a value: skip it.
        if (semi < 0) {
          break;
        }
        i = semi + 1;
        continue;
      }
      String name = item.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      int v = eq + 1;
      while (v < item.length() && (item.charAt(v) == ' ' || item.charAt(v) == '\t')) {
        v++;
      }
      String value;
      if (v < item.length() && item.charAt(v) == '"') {
        StringBuilder unquoted = new StringBuilder();
        int k = v + 1;
        boolean closed = false;
        for (; k < item.length(); k++) {
          char c = item.charAt(k);
          if (c == '\\' && k + 1 < item.length()) {
            unquoted.append(item.charAt(++k));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            unquoted.append(c);
          }
        }
        if (!closed) {
          return null;
        }
        value = unquoted.toString();
        int next = item.indexOf(';', k + 1);
        i = next < 0 ? item.length() : next + 1;
      } else {
        int end = item.indexOf(';', v);
        if (end < 0) {
          end = item.length();
        }
        value = item.substring(v, end).strip();
        i = end + 1;
      }
      if (name.equals(InstructHeaders.PARAM_LAST_ID) && found == null) {
        found = value;
      }
    }
    return found;
  }
}
