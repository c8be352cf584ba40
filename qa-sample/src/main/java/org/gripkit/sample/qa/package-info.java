/**
 * The realtime Q&amp;A room: a stateless origin behind a GRIP proxy. {@link
 * org.gripkit.sample.qa.QaApp} wires it; {@code PROTOCOL.md} in the module describes its HTTP
 * API and WebSocket messages.
 */
@NullMarked
package org.gripkit.sample.qa;

import org.jspecify.annotations.NullMarked;
