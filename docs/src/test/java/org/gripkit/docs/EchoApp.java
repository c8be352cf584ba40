package org.gripkit.docs;

// snippet:register-filter
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import java.util.EnumSet;
import org.gripkit.servlet.GripFilter;

/** Puts GripFilter in front of EchoServlet at /ws/*. */
@WebListener
public class EchoApp implements ServletContextListener {
  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();

    // Configured from GRIP_URL, GRIP_REQUIRE_SIGNATURE, ... (see the configuration page).
    FilterRegistration.Dynamic grip = context.addFilter("grip", new GripFilter());
    grip.setAsyncSupported(true);
    grip.addMappingForUrlPatterns(
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/ws/*");

    ServletRegistration.Dynamic echo = context.addServlet("echo", new EchoServlet());
    echo.setAsyncSupported(true);
    echo.addMapping("/ws/*");
  }
}
// end-snippet
