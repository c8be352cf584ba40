package org.gripkit.sample.qa;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One browser window for tests: a headless Debian Chromium driven by its chromedriver, with its
 * own fresh profile directory (so its own cookies), that can reach 127.0.0.1 only. Selenium
 * Manager never runs: the driver and the browser are given by path.
 *
 * <p>Prompts are left open ({@code unhandledPromptBehavior: ignore}), so a test can see an
 * {@code alert()} that fired; the browser's console is recorded at level ALL.
 */
final class BrowserWindow implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(10);

  final String name;
  final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;
  private final List<LogEntry> console = new ArrayList<>();

  private BrowserWindow(String name, ChromeDriverService service, ChromeDriver driver,
      Path profile) {
    this.name = name;
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Ends the calling test unless Chromium and its driver are installed: a failure when {@code
   * CI=true}, an aborted (skipped) test with a banner on standard error otherwise.
   */
  static void requireChromium() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    String message = "Chromium or chromedriver not found (" + CHROMIUM + ", " + CHROMEDRIVER
        + "); install them with: apt-get install -y chromium chromium-driver";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message + " (CI=true: browser tests must run on CI)");
    }
    System.err.println();
    System.err.println("*".repeat(78));
    System.err.println("*** SKIPPING BROWSER TESTS: " + message);
    System.err.println("*** (with CI=true these tests fail instead of being skipped)");
    System.err.println("*".repeat(78));
    System.err.println();
    Assumptions.abort("SKIPPED: " + message);
  }

  static BrowserWindow open(String name) throws IOException {
    requireChromium();
    Path profile = Files.createTempDirectory("qa-chromium-" + name);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,1400",
        // Without it Chromium still reaches out to several hosts of its own.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    try {
      return new BrowserWindow(name, service, new ChromeDriver(service, options), profile);
    } catch (RuntimeException e) {
      service.stop();
      deleteRecursively(profile);
      throw e;
    }
  }

  void get(URI uri) {
    driver.get(uri.toString());
  }

  WebElement byTestId(String testId) {
    return driver.findElement(By.cssSelector("[data-testid='" + testId + "']"));
  }

  List<WebElement> allByTestId(String testId) {
    return driver.findElements(By.cssSelector("[data-testid='" + testId + "']"));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  WebDriverWait waiting(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(20));
    wait.withMessage(() -> "in window " + name);
    return wait;
  }

  WebDriverWait waiting() {
    return waiting(WAIT);
  }

  /** Fills in the entry form and joins; returns once the room is shown. */
  void join(String userId, String displayName, String roomId) {
    byTestId("user-id").sendKeys(userId);
    byTestId("display-name").sendKeys(displayName);
    byTestId("room-id").sendKeys(roomId);
    byTestId("join").click();
    waiting().until(d -> d.findElement(By.id("room")).isDisplayed());
  }

  String connectionState() {
    return byTestId("connection-state").getText();
  }

  void awaitConnectionState(String state, Duration timeout) {
    WebDriverWait wait = waiting(timeout);
    wait.withMessage(() -> "window " + name + " is " + connectionState() + ", not " + state);
    wait.until(d -> state.equals(connectionState()));
  }

  /** From now on, keeps every text the connection state shows, in order. */
  void recordConnectionStates() {
    js("const state = document.querySelector(\"[data-testid='connection-state']\");"
        + "window.qaStates = [];"
        + "new MutationObserver(() => window.qaStates.push(state.textContent))"
        + "  .observe(state, {childList: true, characterData: true, subtree: true});");
  }

  /** Since {@link #recordConnectionStates}: attempts that went from connecting to offline. */
  int failedReconnects() {
    return ((Number) js("let n = 0; const s = window.qaStates || [];"
        + "for (let i = 1; i < s.length; i++) if (s[i - 1] === 'connecting' && s[i] === 'offline') n++;"
        + "return n;")).intValue();
  }

  void scrollToTop() {
    js("window.scrollTo(0, 0);");
  }

  /** Types a question and presses Ask. */
  void ask(String text) {
    type(text);
    submitQuestion();
  }

  /** Types a question, and waits until Ask is enabled. */
  void type(String text) {
    byTestId("question-input").sendKeys(text);
    waiting().until(d -> byTestId("question-submit").isEnabled());
  }

  void submitQuestion() {
    byTestId("question-submit").click();
  }

  /** Asks, and returns the new question's id once this window and {@code other} show it. */
  String askAndAwaitIn(String text, BrowserWindow other) {
    ask(text);
    String id = awaitQuestion(text);
    if (!id.equals(other.awaitQuestion(text))) {
      throw new AssertionError(name + " and " + other.name + " show different ids for " + text);
    }
    return id;
  }

  /** The question ids of the cards, top to bottom. */
  @SuppressWarnings("unchecked")
  List<String> questionIds() {
    return (List<String>) js("return [...document.querySelectorAll(\"[data-testid='question']\")]"
        + ".map(c => c.dataset.questionId);");
  }

  /** The id of the card whose text is exactly {@code text}, or null. */
  String questionIdOf(String text) {
    return (String) js("for (const c of document.querySelectorAll(\"[data-testid='question']\")) {"
        + " const t = c.querySelector(\"[data-testid='question-text']\");"
        + " if (t && t.textContent === arguments[0]) return c.dataset.questionId; }"
        + " return null;", text);
  }

  String awaitQuestion(String text) {
    WebDriverWait wait = waiting();
    wait.withMessage(() -> "question \"" + text + "\" did not appear in window " + name
        + "; it shows " + questionIds());
    return wait.until(d -> questionIdOf(text));
  }

  WebElement card(String questionId) {
    return driver.findElement(By.cssSelector(
        "[data-testid='question'][data-question-id='" + questionId + "']"));
  }

  /** Saves a PNG of the window. */
  Path screenshot(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  /** Every console entry so far (the driver hands each out once; this keeps them all). */
  synchronized List<LogEntry> console() {
    console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    return List.copyOf(console);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteRecursively(profile);
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      // Chromium's helpers can still be writing as they exit; a leftover temp folder is harmless.
      System.err.println("could not delete " + root + ": " + e);
    }
  }
}
