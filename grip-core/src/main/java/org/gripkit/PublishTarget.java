package org.gripkit;

import java.net.URI;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Where one endpoint's publishes go, and how each request is authorized. */
interface PublishTarget {
  /** The URI to POST to: the control URI's path with {@code /publish/} appended. */
  URI publishUri();

  /** The {@code Authorization} header for a request made at {@code now}, or null for none. */
  @Nullable String authorization(Instant now);
}
