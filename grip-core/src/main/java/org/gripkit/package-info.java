/**
 * The whole public API of gripkit core.
 *
 * <p>Start with {@link org.gripkit.WebSocketContext} to answer WebSocket-over-HTTP requests,
 * and {@link org.gripkit.WebSocketEvents} for the raw event codec. To publish to channels, build a
 * {@link org.gripkit.GripPublisher} from a {@link org.gripkit.GripConfig} and give it {@link
 * org.gripkit.PublishItem}s.
 */
@NullMarked
package org.gripkit;

import org.jspecify.annotations.NullMarked;
