package org.gripkit.docs;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import org.gripkit.GripConfig;
import org.gripkit.servlet.GripFilter;

/** The servlet filter page's registrations. */
final class FilterSetup {
  private FilterSetup() {}

  static void withSettings(ServletContext context, String gripUrl) {
    // snippet:filter-settings
    GripConfig config = GripConfig.parse(gripUrl).toBuilder().requireSignature().build();
    GripFilter.Settings settings = GripFilter.Settings.of(config)
        .withMaxBodyBytes(256 * 1024); // default 1 MiB; larger bodies get 413
    FilterRegistration.Dynamic grip = context.addFilter("grip", new GripFilter(settings));
    grip.setAsyncSupported(true);
    grip.addMappingForUrlPatterns(
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/ws/*", "/events/*");
    // end-snippet
  }

  static void withInitParameters(ServletContext context, String gripUrl) {
    // snippet:filter-init-params
    // Init parameters win over the environment variables of the same meaning.
    FilterRegistration.Dynamic grip = context.addFilter("grip", new GripFilter());
    grip.setInitParameter("grip-url", gripUrl);
    grip.setInitParameter("grip-require-signature", "true");
    grip.setAsyncSupported(true);
    grip.addMappingForUrlPatterns(
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/ws/*");
    // end-snippet
  }
}
