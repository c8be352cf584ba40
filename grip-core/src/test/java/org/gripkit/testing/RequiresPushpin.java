package org.gripkit.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class (or method) that needs the {@code pushpin} binary.
 *
 * <p>Without it the test fails when the environment variable {@code CI} is {@code true}, and is
 * skipped with a loud warning otherwise. See {@link PushpinAvailability}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(PushpinAvailability.class)
public @interface RequiresPushpin {}
