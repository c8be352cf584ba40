package org.gripkit.sample.qa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the embedded default: an H2 file database in a fresh folder per test. */
class H2QaStoreTest extends QaStoreContract {
  @TempDir Path dataDir;

  @Override
  void prepareEmptyDatabase() {
    // A new @TempDir for every test is already empty.
  }

  @Override
  QaStore openStore() {
    return QaStores.h2File(dataDir.resolve("data"));
  }

  @Test
  void dataLivesInTheDataFolder() {
    assertThat(dataDir.resolve("data").resolve("qa.mv.db")).isRegularFile();
  }

  @Test
  void fromJdbcUrlOpensTheSameH2Data() {
    store.addQuestion("alpha", qid(1), "bob", "Same file?", T0);
    store.close();

    // Without the compatibility settings: fromJdbcUrl adds them.
    store = QaStores.fromJdbcUrl("jdbc:h2:file:" + dataDir.resolve("data").resolve("qa"));

    assertThat(store.questions("alpha")).extracting(QuestionInfo::questionText)
        .containsExactly("Same file?");
  }
}
