package io.parley.platform.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code parley.access.*}.
 *
 * @param collection the Mongo collection of {@link AccessEnds} (workspace keeps its {@code offboarded_people}, whose
 * records from before ADR 0024 are offboardings in the same shape)
 */
@ConfigurationProperties("parley.access")
public record AccessEndsProperties(@DefaultValue("access_ends") String collection) {
}
