package dev.octet.platform.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The callers a resource (class) or one of its methods (which overrides the class) answers: the services
 * named in {@link #value()}, each proving it with a service token ({@code Octet-Service-Token}), and, if
 * {@link #operators()}, people holding the operator credential (HTTP Basic, user {@code operator},
 * {@code octet.operator.password}). Anyone else is refused before the resource runs.
 */
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface CalledBy {

    /** Service names, as their certificates name them ({@code chunk-server}, {@code gateway}). */
    String[] value() default {};

    /** Whether operators may call, with the operator credential. */
    boolean operators() default false;

    /**
     * A path parameter naming the instance the call speaks for ({@code /chunk-servers/{id}/heartbeats}): a
     * caller whose certificate is for one instance may speak only for that one, so that one chunk server
     * cannot re-register another at its own address.
     */
    String instanceFrom() default "";
}
