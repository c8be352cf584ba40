package org.gripkit.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.gripkit.GripConfig;
import org.gripkit.GripListener;
import org.gripkit.GripSigVerifier;
import org.gripkit.WebSocketContext;
import org.gripkit.WebSocketEvents;
import org.gripkit.WebSocketProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * The servlet filter that puts GRIP in front of any servlet.
 *
 * <p>For each request it:
 *
 * <ol>
 *   <li>verifies the {@code Grip-Sig} header and records the result ({@link Grip#isProxied});
 *       a signature is required unless the configuration says {@link
 *       GripConfig.Builder#signatureOptional() otherwise}, and a request without a valid one
 *       gets 403 and never reaches the servlet. A configuration without any verify key is
 *       refused when the filter is made (or in {@link #init}) unless signatures are optional;
 *   <li>for a WebSocket-over-HTTP request ({@code Content-Type: application/websocket-events}),
 *       reads the body as bytes, decodes it (400 with the decoder's reason when it is
 *       malformed, 413 when it is over the limit) and hands the servlet the connection's
 *       {@link WebSocketContext} ({@link Grip#webSocket});
 *   <li>after the servlet returns, or when its asynchronous work completes, writes the
 *       context's answer: status 200, the exact content type Pushpin requires, the events as
 *       bytes. A servlet that writes a body, sends an error or a redirect, or commits its
 *       response answers by itself, and the filter leaves that answer alone;
 *   <li>passes every other request down the chain untouched.
 * </ol>
 *
 * <p>Configuration is read once, in {@link #init}: from the {@link Settings} given to the
 * constructor, or else from the filter's init parameters and then the environment (see {@link
 * Settings#fromInitParameters}). Register it for the {@code REQUEST} and {@code ASYNC}
 * dispatcher types, with async support, in front of the servlets that answer the proxy. Error
 * bodies are short JSON objects {@code {"error": "..."}}; stack traces never reach a response.
 *
 * <p>Thread-safe once initialised, like every filter.
 */
public final class GripFilter implements Filter {
  private static final String EXCHANGE_ATTRIBUTE = "org.gripkit.servlet.exchange";

  private @Nullable Settings settings;

  /** A filter configured in {@link #init} from init parameters and the environment. */
  public GripFilter() {}

  /** A filter with the given settings; init parameters and the environment are ignored. */
  public GripFilter(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings == null");
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (settings != null) {
      return;
    }
    try {
      settings = Settings.fromInitParameters(config::getInitParameter, System::getenv);
    } catch (IllegalArgumentException e) {
      throw new ServletException("GripFilter " + config.getFilterName() + ": " + e.getMessage());
    }
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(resp instanceof HttpServletResponse response)) {
      chain.doFilter(req, resp);
      return;
    }
    Settings settings = this.settings;
    if (settings == null) {
      throw new ServletException("GripFilter used before init()");
    }
    if (request.getDispatcherType() == DispatcherType.ASYNC) {
      // An AsyncContext.dispatch() of an exchange this filter started: answer when done.
      Object exchange = request.getAttribute(EXCHANGE_ATTRIBUTE);
      chain.doFilter(req, resp);
      if (exchange instanceof GripExchange ex && !request.isAsyncStarted()) {
        ex.finish();
      }
      return;
    }
    if (request.getDispatcherType() != DispatcherType.REQUEST) {
      chain.doFilter(req, resp);
      return;
    }

    boolean proxied = settings.verifies(request.getHeader("Grip-Sig"));
    request.setAttribute(Grip.PROXIED_ATTRIBUTE, proxied);
    if (!proxied && settings.requiresSignature()) {
      error(response, 403, "missing or invalid Grip-Sig");
      return;
    }
    if (!"POST".equals(request.getMethod())
        || !WebSocketContext.isWebSocketOverHttp(request.getContentType())) {
      chain.doFilter(req, resp);
      return;
    }

    int max = settings.maxBodyBytes();
    long declared = request.getContentLengthLong();
    if (declared > max) {
      error(response, 413, "body of " + declared + " bytes exceeds the limit of " + max + " bytes");
      return;
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(max + 1);
    }
    if (body.length > max) {
      error(response, 413, "body exceeds the limit of " + max + " bytes");
      return;
    }
    WebSocketContext context;
    try {
      context = WebSocketContext.fromRequest(headers(request), body, max);
    } catch (WebSocketProtocolException e) {
      settings.decodeFailed(e);
      error(response, 400, e.getMessage());
      return;
    }

    GripExchange exchange = new GripExchange(context, response);
    request.setAttribute(Grip.WEBSOCKET_CONTEXT_ATTRIBUTE, context);
    request.setAttribute(EXCHANGE_ATTRIBUTE, exchange);
    AsyncAware wrapped = new AsyncAware(request, exchange);
    chain.doFilter(wrapped, exchange.response());
    if (!request.isAsyncStarted()) {
      exchange.finish();
    }
  }

  /**
   * What a {@link GripFilter} does: the GRIP configuration (verify keys, whether a signature is
   * required), the body-size limit and the listener. Immutable.
   */
  public static final class Settings {
    /** The default body limit: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = WebSocketEvents.DEFAULT_MAX_BODY_BYTES;

    private static final GripListener NO_LISTENER = new GripListener() {};

    private final GripConfig config;
    private final GripSigVerifier verifier;
    private final int maxBodyBytes;
    private final GripListener listener;

    private Settings(GripConfig config, int maxBodyBytes, GripListener listener) {
      this.config = config;
      this.verifier = GripSigVerifier.builder(config).listener(listener).build();
      this.maxBodyBytes = maxBodyBytes;
      this.listener = listener;
    }

    /**
     * Settings for a configuration, with the default body limit.
     *
     * @throws IllegalArgumentException if the configuration requires a signature but has no
     *     verify key
     */
    public static Settings of(GripConfig config) {
      return new Settings(Objects.requireNonNull(config, "config == null"), DEFAULT_MAX_BODY_BYTES,
          NO_LISTENER);
    }

    /** These settings with another body limit, in bytes. */
    public Settings withMaxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < 0) {
        throw new IllegalArgumentException("maxBodyBytes < 0: " + maxBodyBytes);
      }
      return new Settings(config, maxBodyBytes, listener);
    }

    /**
     * These settings with a listener: it hears every {@code Grip-Sig} check ({@link
     * GripListener#signatureChecked}) and every WebSocket-over-HTTP body the filter could not
     * decode ({@link GripListener#decodeFailed}). What it throws is ignored.
     */
    public Settings withListener(GripListener listener) {
      return new Settings(config, maxBodyBytes, Objects.requireNonNull(listener, "listener == null"));
    }

    void decodeFailed(WebSocketProtocolException e) {
      try {
        listener.decodeFailed(e);
      } catch (RuntimeException ignored) {
        // The listener's own fault: the client still gets its 400.
      }
    }

    public GripConfig config() {
      return config;
    }

    public int maxBodyBytes() {
      return maxBodyBytes;
    }

    boolean requiresSignature() {
      return config.requireSignature();
    }

    boolean verifies(@Nullable String gripSig) {
      return verifier.verify(gripSig); // null too: the listener hears "missing"
    }

    /**
     * Reads settings from filter init parameters, falling back to environment variables:
     *
     * <table>
     *   <caption>Settings</caption>
     *   <tr><th>init parameter</th><th>environment</th><th>meaning</th></tr>
     *   <tr><td>{@code grip-url}</td><td>{@code GRIP_URL}</td>
     *       <td>the GRIP URL(s) of the proxy; their keys verify {@code Grip-Sig}</td></tr>
     *   <tr><td>{@code grip-verify-key}</td><td>{@code GRIP_VERIFY_KEY}</td>
     *       <td>a verify key: plain, {@code base64:...} or a PEM public key</td></tr>
     *   <tr><td>{@code grip-verify-iss}</td><td>{@code GRIP_VERIFY_ISS}</td>
     *       <td>the issuer a {@code Grip-Sig} must carry</td></tr>
     *   <tr><td>{@code grip-require-signature}</td><td>{@code GRIP_REQUIRE_SIGNATURE}</td>
     *       <td>{@code true} or {@code false}: refuse requests without a valid
     *       {@code Grip-Sig} with 403 (default true; with true and no key at all, {@code init}
     *       fails)</td></tr>
     *   <tr><td>{@code grip-max-body-bytes}</td><td>{@code GRIP_MAX_BODY_BYTES}</td>
     *       <td>the WebSocket-over-HTTP body limit (default 1 MiB)</td></tr>
     * </table>
     *
     * @throws IllegalArgumentException naming the bad setting (never its secret value)
     */
    static Settings fromInitParameters(
        Function<String, @Nullable String> init, Function<String, @Nullable String> env) {
      GripConfig.Builder builder = GripConfig.builder();
      String url = setting(init, env, "grip-url", "GRIP_URL");
      if (url != null) {
        builder.endpoints(url);
      }
      String key = setting(init, env, "grip-verify-key", "GRIP_VERIFY_KEY");
      if (key != null) {
        builder.verifyKey(key);
      }
      String iss = setting(init, env, "grip-verify-iss", "GRIP_VERIFY_ISS");
      if (iss != null) {
        builder.verifyIssuer(iss);
      }
      String require = setting(init, env, "grip-require-signature", "GRIP_REQUIRE_SIGNATURE");
      if (require != null) {
        if (require.equalsIgnoreCase("true")) {
          builder.requireSignature();
        } else if (require.equalsIgnoreCase("false")) {
          builder.signatureOptional();
        } else {
          throw new IllegalArgumentException(
              "grip-require-signature must be true or false: " + require);
        }
      }
      Settings settings = of(builder.build());
      String max = setting(init, env, "grip-max-body-bytes", "GRIP_MAX_BODY_BYTES");
      if (max != null) {
        try {
          settings = settings.withMaxBodyBytes(Integer.parseInt(max.strip()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("grip-max-body-bytes is not a number: " + max);
        }
      }
      return settings;
    }

    private static @Nullable String setting(Function<String, @Nullable String> init,
        Function<String, @Nullable String> env, String param, String variable) {
      String value = init.apply(param);
      if (value == null || value.isBlank()) {
        value = env.apply(variable);
      }
      return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
      return "GripFilter.Settings[" + config + ", maxBodyBytes=" + maxBodyBytes + "]";
    }
  }

  private static Map<String, List<String>> headers(HttpServletRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
    }
    return headers;
  }

  static void error(HttpServletResponse response, int status, @Nullable String message)
      throws IOException {
    byte[] body = ("{\"error\":\"" + Json.escape(message == null ? "" : message) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
