package org.gripkit.sample.qa;

/**
 * Where the room's live updates go: the GRIP proxy's publish endpoint in the app, a recorder
 * in tests. Both methods wait until the proxy took the message.
 */
interface Broadcaster {
  /** Sends a WebSocket text message to every connection subscribed to the channel. */
  void message(String channel, String json) throws Exception;

  /** Appends a chunk to every HTTP stream held on the channel. */
  void stream(String channel, String chunk) throws Exception;
}
