package org.gripkit.sample.qa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.gripkit.sample.qa.store.StoreException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QaStoresTest {
  @TempDir Path dir;

  @Test
  void h2UrlGetsEachMissingCompatibilitySetting() {
    assertThat(QaStores.withH2Settings("jdbc:h2:file:./data/qa"))
        .isEqualTo(
            "jdbc:h2:file:./data/qa;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    assertThat(QaStores.withH2Settings("jdbc:h2:mem:x;mode=postgresql;DB_CLOSE_DELAY=-1"))
        .isEqualTo(
            "jdbc:h2:mem:x;mode=postgresql;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
  }

  @Test
  void h2UrlWithAnotherModeIsRefused() {
    assertThatThrownBy(() -> QaStores.withH2Settings("jdbc:h2:mem:x;MODE=MySQL"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("H2 URL must use MODE=PostgreSQL");
  }

  @Test
  void otherJdbcUrlsAreRefusedWithoutRepeatingThem() {
    assertThatThrownBy(() -> QaStores.fromJdbcUrl("jdbc:mysql://db/qa?password=secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jdbcUrl must start with jdbc:postgresql: or jdbc:h2:");
    assertThatThrownBy(() -> QaStores.postgres("jdbc:h2:mem:x", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jdbcUrl must start with jdbc:postgresql:");
  }

  @Test
  void h2FileCreatesTheDataFolder() {
    Path data = dir.resolve("a").resolve("b");

    try (QaStore store = QaStores.h2File(data)) {
      assertThat(store.rooms()).isEmpty();
    }

    assertThat(data.resolve("qa.mv.db")).isRegularFile();
  }

  @Test
  void h2FileOnAFileIsUnavailable() throws IOException {
    Path file = Files.createFile(dir.resolve("not-a-folder"));

    assertThatThrownBy(() -> QaStores.h2File(file))
        .isInstanceOf(StoreException.class)
        .hasMessage("data folder cannot be created")
        .extracting(e -> ((StoreException) e).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void unreachablePostgresIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    assertThatThrownBy(
            () -> QaStores.postgres("jdbc:postgresql://127.0.0.1:" + closedPort + "/qa", "u", "p"))
        .isInstanceOf(StoreException.class)
        .hasMessage("database unavailable: open failed")
        .extracting(e -> ((StoreException) e).kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void storesOnOneH2FolderShareTheDataInOneProcess() {
    try (QaStore first = QaStores.h2File(dir); QaStore second = QaStores.h2File(dir)) {
      first.claimUser(new UserInfo("ada", "Ada"), "k");
      first.createRoom(new RoomInfo("alpha", "Alpha", "#038cfc"), "h", "ada");
      first.addQuestion("alpha", "0000000000000001", "ada", "Seen?", Instant.EPOCH);

      assertThat(second.questions("alpha")).hasSize(1);
    }
  }
}
