package org.gripkit.docs;

// snippet:dev-proxy
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import java.util.EnumSet;
import org.gripkit.GripConfig;
import org.gripkit.GripKey;
import org.gripkit.devproxy.DevGripProxy;
import org.gripkit.servlet.GripFilter;

/** EchoServlet behind the embedded development proxy: nothing else to install. */
@WebListener
public class DevEchoApp implements ServletContextListener {
  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();

    // The proxy takes the browsers' WebSocket handshakes at /ws/* and calls the app back
    // with WebSocket-over-HTTP, exactly as Pushpin would.
    DevGripProxy proxy = DevGripProxy.builder().webSocketPath("/ws/*").build().install(context);

    // It signs Grip-Sig with a random key made at start-up: verify with that key.
    GripConfig config = GripConfig.builder()
        .verifyKey(GripKey.sharedSecret(proxy.signingKey()))
        .verifyIssuer(proxy.issuer())
        .requireSignature()
        .build();
    FilterRegistration.Dynamic grip =
        context.addFilter("grip", new GripFilter(GripFilter.Settings.of(config)));
    grip.setAsyncSupported(true);
    grip.addMappingForUrlPatterns(
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), true, "/ws/*");

    ServletRegistration.Dynamic echo = context.addServlet("echo", new EchoServlet());
    echo.setAsyncSupported(true);
    echo.addMapping("/ws/*");
  }
}
// end-snippet
