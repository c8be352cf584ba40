package org.gripkit;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the GRIP proxy in front says it can do: the {@code Grip-Feature} request header, a
 * comma-separated list of feature names that Pushpin adds to every request it forwards. Pushpin
 * 1.36 sends
 *
 * <pre>
 *   Grip-Feature: status, session, link:next, filter:skip-self, filter:skip-users,
 *                 filter:require-sub, filter:build-id, filter:var-subst
 * </pre>
 *
 * and later versions add more (such as {@code link:gone}). An origin can ask before relying on a
 * feature, for example before subscribing with a {@link ChannelFilter}:
 *
 * <pre>{@code
 * GripFeatures features = GripFeatures.parse(request.getHeader("Grip-Feature"));
 * if (features.has(ChannelFilter.SKIP_SELF)) { ... }
 * }</pre>
 *
 * <p>Parsing never throws: names are trimmed and compared ignoring ASCII case, empty items are
 * skipped, and anything after a {@code ;} in an item (a parameter, which no proxy sends today) is
 * ignored. A request without the header (not from a GRIP proxy, or from one that announces
 * nothing) gives {@link #none()}, which has no feature; this says nothing about whether the
 * request came through a proxy, which only {@link GripSigVerifier} can tell. The header is as
 * trustworthy as the request: a client can send one of its own where no proxy replaces it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class GripFeatures {
  private static final GripFeatures NONE = new GripFeatures(Set.of());

  private final Set<String> names;

  private GripFeatures(Set<String> names) {
    this.names = names;
  }

  /**
   * The features of one {@code Grip-Feature} header value.
   *
   * @param header the header value, or null when the request has none
   */
  public static GripFeatures parse(@Nullable String header) {
    return header == null ? NONE : parseAll(Set.of(header));
  }

  /**
   * The features of every {@code Grip-Feature} header line of a request, in order.
   *
   * @param headers the header values, or null; null elements are skipped
   */
  public static GripFeatures parseAll(@Nullable Iterable<? extends @Nullable String> headers) {
    if (headers == null) {
      return NONE;
    }
    Set<String> names = new LinkedHashSet<>();
    for (String header : headers) {
      if (header == null) {
        continue;
      }
      for (String item : header.split(",", -1)) {
        int semi = item.indexOf(';');
        String name = (semi < 0 ? item : item.substring(0, semi)).strip();
        if (!name.isEmpty()) {
          names.add(name.toLowerCase(Locale.ROOT));
        }
      }
    }
    return names.isEmpty() ? NONE : new GripFeatures(Collections.unmodifiableSet(names));
  }

  /** No features: what a request without {@code Grip-Feature} gives. */
  public static GripFeatures none() {
    return NONE;
  }

  /** Whether the proxy announced {@code feature}, such as {@code "link:next"} (any case). */
  public boolean has(String feature) {
    Objects.requireNonNull(feature, "feature == null");
    return names.contains(feature.strip().toLowerCase(Locale.ROOT));
  }

  /** Whether the proxy announced the filter, as {@code filter:} and its wire name. */
  public boolean has(ChannelFilter filter) {
    Objects.requireNonNull(filter, "filter == null");
    return names.contains(filter.featureName());
  }

  /** The announced names, lower case, in header order, each once; unmodifiable. */
  public Set<String> names() {
    return names;
  }

  /** Whether nothing was announced. */
  public boolean isEmpty() {
    return names.isEmpty();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof GripFeatures other && names.equals(other.names);
  }

  @Override
  public int hashCode() {
    return names.hashCode();
  }

  /** For example {@code GripFeatures[status, session, link:next]}. */
  @Override
  public String toString() {
    return "GripFeatures" + names;
  }
}
