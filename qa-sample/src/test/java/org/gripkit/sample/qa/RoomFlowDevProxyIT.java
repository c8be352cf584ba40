package org.gripkit.sample.qa;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The room's flows through the embedded development GRIP proxy, as {@code jetty:run} runs. */
class RoomFlowDevProxyIT extends RoomFlowContract {
  private static QaServer app;

  @BeforeAll
  static void start() throws Exception {
    Path data = Files.createTempDirectory("qa-flow");
    app = QaServer.start(new QaConfig(null, null, null, null, null, data));
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  @Override
  URI clientBase() {
    return app.http("");
  }

  @Override
  URI originBase() {
    return app.http("");
  }
}
