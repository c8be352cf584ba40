package org.gripkit.devproxy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is subscribed to which channel. Thread-safe; a channel without subscribers has no entry,
 * so nothing stays behind when connections go.
 */
final class Channels {
  private final Map<String, Set<Subscriber>> byChannel = new ConcurrentHashMap<>();

  void subscribe(String channel, Subscriber subscriber) {
    byChannel.compute(channel, (k, set) -> {
      Set<Subscriber> s = set == null ? ConcurrentHashMap.newKeySet() : set;
      s.add(subscriber);
      return s;
    });
  }

  void unsubscribe(String channel, Subscriber subscriber) {
    byChannel.computeIfPresent(channel, (k, set) -> {
      set.remove(subscriber);
      return set.isEmpty() ? null : set;
    });
  }

  /** A snapshot of the channel's subscribers. */
  List<Subscriber> subscribers(String channel) {
    Set<Subscriber> set = byChannel.get(channel);
    return set == null ? List.of() : List.copyOf(set);
  }

  /** How many channels have subscribers. */
  int channelCount() {
    return byChannel.size();
  }
}
