package org.gripkit.sample.qa;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * The room's "behind the scenes" log: one line per thing the origin does, streamed to the
 * browsers that opened {@code /api/room/{id}/log} as Server-Sent Events held by the GRIP
 * proxy. Losing a line is harmless, so a failed publish is ignored.
 */
final class LiveLog {
  private final Broadcaster broadcaster;
  private final Clock clock;

  LiveLog(Broadcaster broadcaster, Clock clock) {
    this.broadcaster = broadcaster;
    this.clock = clock;
  }

  static String channel(String roomId) {
    return "log-" + roomId;
  }

  /** An SSE event carrying {@code {"time", "text"}}. */
  String event(String text) {
    ObjectNode line = Json.object();
    line.put("time", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
    line.put("text", text);
    return "data: " + Json.write(line) + "\n\n";
  }

  void line(String roomId, String text) {
    try {
      broadcaster.stream(channel(roomId), event(text));
    } catch (Exception e) {
      // The log is a view of what happens; the room works without it.
    }
  }
}
