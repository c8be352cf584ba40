package org.gripkit;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A filter that the GRIP proxy applies to every item published on one subscription: it decides,
 * per subscriber, whether the item is delivered, and may rewrite its content. The same filters
 * serve a WebSocket subscription ({@link WebSocketContext#subscribe(String, ChannelFilter...)})
 * and a channel of an HTTP hold ({@link GripInstruct.Channel#withFilter(ChannelFilter)}).
 *
 * <p>Filters compare two sets of meta: the <em>subscriber's</em> (a WebSocket connection's meta,
 * set with {@link WebSocketContext#setMeta}; an HTTP hold's {@code Grip-Set-Meta}, set with
 * {@link GripInstruct.Builder#meta}) and the <em>item's</em> ({@link PublishItem#meta()}). Which
 * keys each filter reads, from Pushpin's {@code src/handler/filter.cpp}:
 *
 * <pre>
 *   filter        subscriber meta          item meta      the item is dropped when
 *   skip-self     user                     sender         sender equals user (both set)
 *   skip-users    user                     skip_users     user is in the comma-separated list
 *   require-sub   -                        require_sub    the subscriber is not on that channel
 *   build-id      id_format, id_encoding   -              (never: it rewrites the content)
 *   var-subst     any                      -              (never: it rewrites the content)
 * </pre>
 *
 * <p>Note that {@code skip-self} compares the item's {@code sender}, not its {@code user}: use
 * {@link PublishItem.Builder#sender(String)}. {@code var-subst} replaces {@code %(name)s} in the
 * content with the subscriber's meta {@code name}; {@code build-id} renders the subscriber's
 * {@code id_format} template with the channels' last ids. A proxy announces the filters it has in
 * the {@code Grip-Feature} request header ({@link GripFeatures#has(ChannelFilter)}); Pushpin has
 * had all five since 1.22 and announces them as {@code filter:skip-self} and so on.
 *
 * @see <a href="https://pushpin.org/docs/advanced/">Pushpin advanced: filters</a>
 */
public enum ChannelFilter {
  /** Drops an item for the subscriber whose meta {@code user} is the item's meta {@code sender}. */
  SKIP_SELF("skip-self"),
  /** Drops an item for subscribers whose meta {@code user} is in the item's {@code skip_users}. */
  SKIP_USERS("skip-users"),
  /**
   * Drops an item for subscribers that are not also subscribed to the channel named by the
   * item's meta {@code require_sub}.
   */
  REQUIRE_SUB("require-sub"),
  /** Renders the subscriber's meta {@code id_format} template into the content. */
  BUILD_ID("build-id"),
  /** Replaces {@code %(name)s} in the content with the subscriber's meta {@code name}. */
  VAR_SUBST("var-subst");

  private final String wireName;

  ChannelFilter(String wireName) {
    this.wireName = wireName;
  }

  /** The name on the wire, as in {@code filter=skip-self} and {@code "filters":["skip-self"]}. */
  public String wireName() {
    return wireName;
  }

  /** The name a proxy announces in {@code Grip-Feature}: {@code filter:} and the wire name. */
  public String featureName() {
    return "filter:" + wireName;
  }

  /**
   * The filter of that wire name.
   *
   * @throws IllegalArgumentException if no filter has that name
   */
  public static ChannelFilter of(String wireName) {
    Objects.requireNonNull(wireName, "wireName == null");
    for (ChannelFilter f : values()) {
      if (f.wireName.equals(wireName)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown channel filter: \"" + wireName + "\"");
  }

  /**
   * The filters of one subscription, checked the same way wherever they are given: none null and
   * none twice (so there are never more than Pushpin's limit of five).
   *
   * @param owner names the subscription in messages, such as {@code channel "room"}
   */
  static List<ChannelFilter> check(List<ChannelFilter> filters, String owner) {
    Set<ChannelFilter> seen = EnumSet.noneOf(ChannelFilter.class);
    List<ChannelFilter> out = new ArrayList<>(filters.size());
    for (int i = 0; i < filters.size(); i++) {
      ChannelFilter f = Objects.requireNonNull(filters.get(i), "filters[" + i + "] == null");
      if (!seen.add(f)) {
        throw new IllegalArgumentException("filter " + f.wireName + " given twice for " + owner);
      }
      out.add(f);
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
