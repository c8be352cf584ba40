package org.gripkit.docs;

import jakarta.servlet.ServletContext;
import java.util.List;
import org.gripkit.GripEndpoint;
import org.gripkit.GripPublisher;
import org.gripkit.devproxy.DevGripProxy;

/** Publishing to the embedded development proxy. */
final class DevPublish {
  private DevPublish() {}

  static GripPublisher publisher(ServletContext context, int port) {
    // snippet:dev-publisher
    // The development proxy takes publishes at http://127.0.0.1:<port>/_grip/publish/,
    // from loopback addresses only, without credentials.
    DevGripProxy proxy = DevGripProxy.of(context);
    GripEndpoint endpoint = GripEndpoint.builder(proxy.controlUri(port)).build();
    GripPublisher publisher = GripPublisher.builder(List.of(endpoint)).build();
    // end-snippet
    return publisher;
  }
}
