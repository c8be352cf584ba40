/**
 * The whole public API of gripkit core.
 *
 * <p>Start with {@link org.gripkit.WebSocketContext} to answer WebSocket-over-HTTP requests,
 * and {@link org.gripkit.WebSocketEvents} for the raw event codec.
 */
@NullMarked
package org.gripkit;

import org.jspecify.annotations.NullMarked;
