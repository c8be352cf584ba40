package org.gripkit.sample.qa;

import java.time.Duration;
import java.time.Instant;
import org.gripkit.sample.qa.store.QaStore;

/**
 * The connection count of a room, from what the proxy reported recently. Every request of a
 * connection (the proxy sends one at least every {@code Keep-Alive-Interval}) refreshes it; a
 * DISCONNECT or CLOSE drops it; a connection the proxy stopped reporting without saying so
 * falls out after {@link #WINDOW}. So the count heals by itself.
 */
final class ConnectionCounter {
  /** Keep-alive requests come every 20 s; three missed ones and a connection is gone. */
  static final Duration WINDOW = Duration.ofSeconds(60);

  private final QaStore store;

  ConnectionCounter(QaStore store) {
    this.store = store;
  }

  void seen(String connectionId, String roomId, String userId, Instant now) {
    store.touchConnection(connectionId, roomId, userId, now);
  }

  void gone(String connectionId) {
    store.dropConnection(connectionId);
  }

  int count(String roomId, Instant now) {
    return store.connectionCount(roomId, now.minus(WINDOW));
  }
}
