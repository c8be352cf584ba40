/**
 * An embedded GRIP proxy for development and tests: {@link org.gripkit.devproxy.DevGripProxy}.
 *
 * <p>It stands in for Pushpin inside the web application itself, so an application written for
 * a GRIP proxy runs with {@code mvn jetty:run} and nothing else installed. It is not a
 * production proxy.
 */
@NullMarked
package org.gripkit.devproxy;

import org.jspecify.annotations.NullMarked;
