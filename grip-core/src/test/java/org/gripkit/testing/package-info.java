/**
 * Test support shared by every gripkit module: a private {@link
 * org.gripkit.testing.PushpinProcess} on free loopback ports, the {@link
 * org.gripkit.testing.RequiresPushpin} rule for tests that need one, and a byte-exact embedded
 * {@link org.gripkit.testing.TestOrigin} to stand behind it.
 *
 * <p>Shipped to other modules as grip-core's test-jar.
 */
@NullMarked
package org.gripkit.testing;

import org.jspecify.annotations.NullMarked;
