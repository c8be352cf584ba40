package org.gripkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The built site in headless Chromium, served over HTTP: the home page and a deep page load
 * with their styles and menu, without a single console error; screenshots go to {@code
 * target/screenshots/}. Without Chromium and chromedriver this fails when {@code CI=true} and
 * is skipped loudly otherwise.
 */
class SiteBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target/screenshots");

  private static SiteFileServer server;
  private static ChromeDriver driver;
  private static Path profile;

  @BeforeAll
  static void start() throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String message = "Chromium or chromedriver is missing (" + CHROMIUM + ", " + CHROMEDRIVER
          + "): apt-get install -y chromium chromium-driver";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail("CI=true: " + message);
      }
      System.err.println("\n*** SKIPPING SiteBrowserIT: " + message + " ***\n");
      Assumptions.abort(message);
    }
    server = new SiteFileServer(BuiltSite.root());
    profile = Files.createTempDirectory("gk-docs-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile,
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        "--window-size=1280,1000");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  void homePageLoadsStyledWithItsMenuDiagramAndNoConsoleErrors() throws IOException {
    driver.get(server.uri("index.html").toString());

    assertThat(driver.getTitle()).contains("gripkit");
    assertThat(driver.findElement(By.cssSelector("#bodyColumn h1")).getText())
        .startsWith("gripkit: realtime for Java web apps");
    assertThat(menuLinks()).contains("Getting started", "The WebSocket context",
        "Configuration", "Troubleshooting", "API (Javadoc)");
    WebElement diagram = driver.findElement(By.cssSelector("img[src='images/grip-architecture.svg']"));
    assertThat(((Number) driver.executeScript("return arguments[0].naturalWidth", diagram))
        .intValue()).as("the diagram loaded").isGreaterThan(0);
    assertStyled();
    assertNoConsoleErrors();
    screenshot("home.png");
  }

  @Test
  void deepPageShowsItsCodeAndLinksIntoTheJavadoc() throws IOException {
    driver.get(server.uri("websocket-context.html").toString());

    assertThat(driver.findElement(By.cssSelector("#bodyColumn h1")).getText()).isEqualTo("The WebSocket context");
    List<WebElement> code = driver.findElements(By.cssSelector("pre code.language-java"));
    assertThat(code).isNotEmpty();
    assertThat(code.get(0).getText()).contains("ws.accept();");
    assertStyled();
    assertNoConsoleErrors();
    screenshot("websocket-context.png");

    driver.findElement(By.linkText("WebSocketContext")).click();
    assertThat(driver.getCurrentUrl()).endsWith("/apidocs/org/gripkit/WebSocketContext.html");
    assertThat(driver.getTitle()).contains("WebSocketContext");
    assertNoConsoleErrors();
  }

  private List<String> menuLinks() {
    return driver.findElements(By.cssSelector("#leftColumn a")).stream()
        .map(WebElement::getText).toList();
  }

  /** The skin's stylesheet applied: the body font is not the browser's default serif. */
  private void assertStyled() {
    String font = (String) driver.executeScript(
        "return getComputedStyle(document.body).fontFamily");
    assertThat(font).as("body font").doesNotStartWith("serif").isNotBlank();
    assertThat(driver.findElements(By.cssSelector("link[rel=stylesheet]"))).isNotEmpty();
  }

  private void assertNoConsoleErrors() {
    List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
    assertThat(entries).as("console messages of " + driver.getCurrentUrl())
        .noneMatch(e -> e.getLevel().intValue() >= Level.WARNING.intValue());
  }

  private void screenshot(String name) throws IOException {
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
