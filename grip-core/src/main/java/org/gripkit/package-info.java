/**
 * The whole public API of gripkit core.
 *
 * <p>Start with {@link org.gripkit.WebSocketContext} to answer WebSocket-over-HTTP requests,
 * and {@link org.gripkit.WebSocketEvents} for the raw event codec. To publish to channels, build a
 * {@link org.gripkit.GripPublisher} from a {@link org.gripkit.GripConfig} and give it {@link
 * org.gripkit.PublishItem}s; {@link org.gripkit.ChannelFilter}s on a subscription decide per
 * subscriber what it gets. {@link org.gripkit.GripSigVerifier} checks that a request came through
 * the proxy ({@code GripConfig} requires it by default), {@link org.gripkit.GripFeatures} reads
 * what the proxy says it can do, and a {@link org.gripkit.GripListener} hears what gripkit does,
 * for metrics. Logging goes through the SLF4J API, on loggers named after these classes.
 */
@NullMarked
package org.gripkit;

import org.jspecify.annotations.NullMarked;
