package org.gripkit.sample.qa;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gripkit.testing.PushpinProcess;
import org.gripkit.testing.RequiresPushpin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same room flows through a real Pushpin (Debian package) in front of the app. */
@RequiresPushpin
class RoomFlowPushpinIT extends RoomFlowContract {
  private static final String KEY = "qa-flow-key";
  private static PushpinProcess pushpin;
  private static QaServer app;

  @BeforeAll
  static void start() throws Exception {
    int appPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      appPort = socket.getLocalPort();
    }
    pushpin = PushpinProcess.builder().overHttpRoute(appPort).sigKey(KEY).start();
    Path data = Files.createTempDirectory("qa-flow-pushpin");
    String gripUrl = "http://127.0.0.1:" + pushpin.publishPort() + "/?iss=pushpin&key=" + KEY;
    app = QaServer.start(new QaConfig(gripUrl, null, null, null, null, data), appPort);
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (pushpin != null) {
      pushpin.close();
    }
  }

  @Override
  URI clientBase() {
    return URI.create("http://127.0.0.1:" + pushpin.clientPort());
  }

  @Override
  URI originBase() {
    return app.http("");
  }
}
