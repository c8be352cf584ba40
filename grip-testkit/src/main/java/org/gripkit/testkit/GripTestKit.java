package org.gripkit.testkit;

import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.jspecify.annotations.Nullable;

/**
 * The JUnit 5 extension of the kit: it hands tests a started {@link PublishRecorder} and a
 * {@link WebSocketDriver} as parameters, and closes the recorder afterwards.
 *
 * <pre>{@code
 * @ExtendWith(GripTestKit.class)
 * class PublishingTest {
 *   @Test
 *   void publishesToTheRoom(PublishRecorder recorder) throws Exception {
 *     try (GripPublisher publisher = GripPublisher.builder(recorder.config()).build()) {
 *       publisher.publish(PublishItem.of("room-alpha", PublishFormat.WsMessage.text("hi")));
 *     }
 *     assertThat(recorder.items()).extracting(RecordedItem::channel).containsExactly("room-alpha");
 *   }
 * }
 *
 * class ChatTest {
 *   @RegisterExtension
 *   static final GripTestKit kit = GripTestKit.forHandler(new ChatHandler());
 *
 *   @Test
 *   void echoes(WebSocketDriver driver) {
 *     WebSocketDriver.Connection alice = driver.connect();
 *     alice.open().assertAccepted();
 *     alice.sendText("hi").assertTexts("echo: hi");
 *   }
 * }
 * }</pre>
 *
 * <p>Parameters, in test methods, {@code @BeforeEach} and {@code @AfterEach} methods and
 * constructors:
 *
 * <ul>
 *   <li>{@link PublishRecorder}: started on first use, without required credentials, and
 *       closed after the test. One test sees one recorder, in every parameter that asks for
 *       it. A recorder asked for in a {@code @BeforeAll} method lives until the class is done,
 *       and the tests of the class share it (for a server configured once with its {@link
 *       PublishRecorder#gripUrl()}).
 *   <li>{@link WebSocketDriver}: with the default settings, for the target given to {@link
 *       #forHandler} or {@link #forEndpoint}; registered with {@code @ExtendWith} the kit has
 *       no target, and asking for a driver fails with a message saying so.
 * </ul>
 *
 * <p>The driver signs with {@link #TEST_ISSUER} and {@link #TEST_KEY}, and the recorder's
 * {@link PublishRecorder#gripUrl()} carries them, so an application configured with that URL
 * takes the driver's requests as coming through the proxy.
 */
public final class GripTestKit implements ParameterResolver, AfterEachCallback, AfterAllCallback {
  /** The issuer of the kit's JWTs, as Pushpin's packaged {@code sig_iss}. */
  public static final String TEST_ISSUER = "pushpin";
  /**
   * The shared secret of the kit's JWTs, as Pushpin's packaged {@code sig_key}: a development
   * value, for tests only.
   */
  public static final String TEST_KEY = "changeme";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(GripTestKit.class);
  private static final String RECORDER = "recorder";
  private static final String DRIVER = "driver";

  private final @Nullable WebSocketHandler handler;
  private final @Nullable Supplier<URI> endpoint;

  /** The kit without a driver target, as {@code @ExtendWith(GripTestKit.class)} makes it. */
  public GripTestKit() {
    this(null, null);
  }

  private GripTestKit(@Nullable WebSocketHandler handler, @Nullable Supplier<URI> endpoint) {
    this.handler = handler;
    this.endpoint = endpoint;
  }

  /** A kit whose {@link WebSocketDriver} calls {@code handler} in-process. */
  public static GripTestKit forHandler(WebSocketHandler handler) {
    return new GripTestKit(Objects.requireNonNull(handler, "handler == null"), null);
  }

  /** A kit whose {@link WebSocketDriver} POSTs to {@code endpoint}. */
  public static GripTestKit forEndpoint(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint == null");
    return forEndpoint(() -> endpoint);
  }

  /**
   * A kit whose {@link WebSocketDriver} POSTs to the URI {@code endpoint} gives when a driver is
   * first asked for in a test: for a server started in {@code @BeforeAll}, after the extension
   * field was made.
   */
  public static GripTestKit forEndpoint(Supplier<URI> endpoint) {
    return new GripTestKit(null, Objects.requireNonNull(endpoint, "endpoint == null"));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == PublishRecorder.class || type == WebSocketDriver.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = store(context);
    if (parameter.getParameter().getType() == PublishRecorder.class) {
      return store.computeIfAbsent(RECORDER, k -> PublishRecorder.start(),
          PublishRecorder.class);
    }
    return store.computeIfAbsent(DRIVER, k -> driver(), WebSocketDriver.class);
  }

  private WebSocketDriver driver() {
    if (handler != null) {
      return WebSocketDriver.of(handler);
    }
    if (endpoint != null) {
      URI uri = endpoint.get();
      if (uri == null) {
        throw new ParameterResolutionException("GripTestKit.forEndpoint: the supplier gave null");
      }
      return WebSocketDriver.of(uri);
    }
    throw new ParameterResolutionException("a WebSocketDriver needs a target: register the kit"
        + " with @RegisterExtension static final GripTestKit kit = GripTestKit.forHandler(...)"
        + " or GripTestKit.forEndpoint(...), or build one with WebSocketDriver.of(...)");
  }

  /** The test method's store in a method, else the class's. */
  private static ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(NAMESPACE);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    closeOwn(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    closeOwn(context);
  }

  /** Closes the recorder made in this context (not one inherited from the class). */
  private static void closeOwn(ExtensionContext context) {
    ExtensionContext.Store store = store(context);
    store.remove(DRIVER);
    PublishRecorder recorder = store.remove(RECORDER, PublishRecorder.class);
    if (recorder != null) {
      recorder.close();
    }
  }

  @Override
  public String toString() {
    return "GripTestKit[" + (handler != null ? "handler " + handler
        : endpoint != null ? "endpoint" : "no driver target") + "]";
  }
}
