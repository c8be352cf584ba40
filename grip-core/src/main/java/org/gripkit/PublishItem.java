package org.gripkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message published to one channel, in one or more {@linkplain PublishFormat formats}.
 *
 * <p>An item is an immutable value. Its JSON, as sent to Pushpin's {@code /publish/} endpoint
 * inside the {@code items} array, is
 *
 * <pre>
 *   {"channel":"c","id":"2","prev-id":"1","meta":{"sender":"alice"},"no-seq":true,
 *    "formats":{"ws-message":{"content":"hi"}}}
 * </pre>
 *
 * with {@code id}, {@code prev-id}, {@code meta} and {@code no-seq} left out when not set, and
 * the formats in the order {@code http-response}, {@code http-stream}, {@code ws-message}
 * whatever order they were given in.
 *
 * <p>The item's {@link #meta() meta} is what subscription {@linkplain ChannelFilter filters}
 * compare with the subscriber's meta: {@link Builder#sender(String)} sets the {@code sender}
 * that {@link ChannelFilter#SKIP_SELF} looks at, {@link Builder#skipUsers(String...)} the
 * {@code skip_users} of {@link ChannelFilter#SKIP_USERS}. Pushpin does not deliver item meta to
 * subscribers.
 *
 * <p>Checks made here because Pushpin accepts what it cannot deliver: the channel must not be
 * empty and must not contain {@code ,} {@code ;} {@code "}, whitespace or control characters
 * (a subscriber could never name it in a {@code Grip-Channel} header); an item needs at least
 * one format and at most one of each kind; a previous id needs an id; no string may contain a
 * lone surrogate. Each failed check is an {@link IllegalArgumentException} naming the value.
 *
 * <p>The {@code id} lets Pushpin drop a second copy of the item (it remembers recent ids), and
 * {@code prev-id} lets it deliver items of one channel in order: it holds back an item whose
 * {@code prev-id} is not the id last published on the channel.
 */
public final class PublishItem {
  /** The item meta {@link ChannelFilter#SKIP_SELF} compares with the subscriber's {@code user}. */
  static final String META_SENDER = "sender";
  /** The item meta {@link ChannelFilter#SKIP_USERS} reads. */
  static final String META_SKIP_USERS = "skip_users";

  private static final Comparator<PublishFormat> FORMAT_ORDER =
      Comparator.comparingInt(PublishItem::rank);

  private final String channel;
  private final @Nullable String id;
  private final @Nullable String prevId;
  private final Map<String, String> meta;
  private final boolean noSeq;
  private final List<PublishFormat> formats;

  private PublishItem(Builder builder) {
    this.channel = builder.channel;
    this.id = builder.id;
    this.prevId = builder.prevId;
    this.meta = Collections.unmodifiableMap(new LinkedHashMap<>(builder.meta));
    this.noSeq = builder.noSeq;
    List<PublishFormat> sorted = new ArrayList<>(builder.formats);
    sorted.sort(FORMAT_ORDER);
    this.formats = List.copyOf(sorted);
  }

  /**
   * An item with the given formats and no id.
   *
   * @throws IllegalArgumentException if the channel is not a usable name, there is no format,
   *     or two formats are of the same kind
   */
  public static PublishItem of(String channel, PublishFormat... formats) {
    Objects.requireNonNull(formats, "formats == null");
    Builder builder = builder(channel);
    for (PublishFormat format : formats) {
      builder.format(format);
    }
    return builder.build();
  }

  /**
   * A builder for an item to the channel.
   *
   * @throws IllegalArgumentException if the channel is not a usable name
   */
  public static Builder builder(String channel) {
    return new Builder(channel);
  }

  /** The channel. */
  public String channel() {
    return channel;
  }

  /** The item's id, or null when it has none. */
  public @Nullable String id() {
    return id;
  }

  /** The id of the item before this one on the channel, or null when not set. */
  public @Nullable String prevId() {
    return prevId;
  }

  /** The item's meta, for subscription filters, in the order set; unmodifiable, often empty. */
  public Map<String, String> meta() {
    return meta;
  }

  /**
   * Whether the item bypasses Pushpin's sequencing: an item with a {@link #prevId()} that does
   * not follow the last id on its channel is normally held back (up to 5 s) for the missing
   * ones; with {@code no-seq} it is delivered at once.
   */
  public boolean noSeq() {
    return noSeq;
  }

  /** The formats, at least one and at most one of each kind, in JSON order. */
  public List<PublishFormat> formats() {
    return formats;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublishItem other
        && channel.equals(other.channel)
        && Objects.equals(id, other.id)
        && Objects.equals(prevId, other.prevId)
        && meta.equals(other.meta)
        && noSeq == other.noSeq
        && formats.equals(other.formats);
  }

  @Override
  public int hashCode() {
    return Objects.hash(channel, id, prevId, meta, noSeq, formats);
  }

  @Override
  public String toString() {
    return "PublishItem[channel=" + channel
        + (id != null ? ", id=" + id : "")
        + (prevId != null ? ", prevId=" + prevId : "")
        + (meta.isEmpty() ? "" : ", meta=" + meta)
        + (noSeq ? ", noSeq" : "")
        + ", formats=" + formats + "]";
  }

  private static int rank(PublishFormat format) {
    if (format instanceof PublishFormat.HttpResponse) {
      return 0;
    } else if (format instanceof PublishFormat.HttpStream) {
      return 1;
    }
    return 2;
  }

  /** Builds a {@link PublishItem}; not thread-safe. */
  public static final class Builder {
    private final String channel;
    private @Nullable String id;
    private @Nullable String prevId;
    private final Map<String, String> meta = new LinkedHashMap<>();
    private boolean noSeq;
    private final List<PublishFormat> formats = new ArrayList<>(3);

    private Builder(String channel) {
      Objects.requireNonNull(channel, "channel == null");
      this.channel = PublishChecks.channel(channel);
    }

    /**
     * Sets the item's id.
     *
     * @throws IllegalArgumentException if it is empty or has control characters
     */
    public Builder id(String id) {
      Objects.requireNonNull(id, "id == null");
      this.id = PublishChecks.id("id", id);
      return this;
    }

    /**
     * Sets the id of the previous item on the channel; needs {@link #id(String)} too.
     *
     * @throws IllegalArgumentException if it is empty or has control characters
     */
    public Builder prevId(String prevId) {
      Objects.requireNonNull(prevId, "prevId == null");
      this.prevId = PublishChecks.id("prev-id", prevId);
      return this;
    }

    /**
     * Sets one key of the item's meta; a later call with the same key replaces the value and
     * keeps the position. See {@link ChannelFilter} for the keys Pushpin's filters read.
     *
     * @throws IllegalArgumentException if the key is empty, or either has a lone surrogate
     */
    public Builder meta(String key, String value) {
      Objects.requireNonNull(key, "key == null");
      Objects.requireNonNull(value, "value == null");
      if (key.isEmpty()) {
        throw new IllegalArgumentException("meta key is empty");
      }
      PublishChecks.wellFormed("meta key", key);
      PublishChecks.wellFormed("meta " + key, value);
      meta.put(key, value);
      return this;
    }

    /**
     * Sets the meta {@code sender}: the user who caused this item, so that a subscription with
     * {@link ChannelFilter#SKIP_SELF} whose connection meta {@code user} is that user does not
     * get it back.
     *
     * @throws IllegalArgumentException if {@code user} is empty
     */
    public Builder sender(String user) {
      Objects.requireNonNull(user, "user == null");
      if (user.isEmpty()) {
        throw new IllegalArgumentException("sender is empty");
      }
      return meta(META_SENDER, user);
    }

    /**
     * Sets the meta {@code skip_users}: subscriptions with {@link ChannelFilter#SKIP_USERS}
     * whose connection meta {@code user} is one of these do not get the item. Pushpin reads the
     * list as comma-separated and trims each name.
     *
     * @throws IllegalArgumentException if there is no user, or one is empty, holds a comma or
     *     has white space at either end
     */
    public Builder skipUsers(String... users) {
      Objects.requireNonNull(users, "users == null");
      if (users.length == 0) {
        throw new IllegalArgumentException("skipUsers needs at least one user");
      }
      for (String user : users) {
        Objects.requireNonNull(user, "user == null");
        if (user.isEmpty() || user.indexOf(',') >= 0 || !user.equals(user.strip())) {
          throw new IllegalArgumentException("user to skip \"" + user
              + "\" is empty, holds a comma or has white space at either end");
        }
      }
      return meta(META_SKIP_USERS, String.join(",", users));
    }

    /**
     * Marks the item {@code no-seq}: delivered at once even if its prev-id says an item is
     * missing before it; see {@link PublishItem#noSeq()}.
     */
    public Builder noSeq() {
      this.noSeq = true;
      return this;
    }

    /**
     * Adds a format.
     *
     * @throws IllegalArgumentException if the item already has a format of that kind
     */
    public Builder format(PublishFormat format) {
      Objects.requireNonNull(format, "format == null");
      for (PublishFormat f : formats) {
        if (f.key().equals(format.key())) {
          throw new IllegalArgumentException(
              "item for channel " + channel + " already has a " + format.key() + " format");
        }
      }
      formats.add(format);
      return this;
    }

    /**
     * Builds the item.
     *
     * @throws IllegalArgumentException if no format was added, or a previous id was set
     *     without an id
     */
    public PublishItem build() {
      if (formats.isEmpty()) {
        throw new IllegalArgumentException("item for channel " + channel + " has no format");
      }
      if (prevId != null && id == null) {
        throw new IllegalArgumentException(
            "item for channel " + channel + " has a prev-id but no id");
      }
      return new PublishItem(this);
    }
  }
}
