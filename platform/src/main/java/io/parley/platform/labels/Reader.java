package io.parley.platform.labels;

import org.jspecify.annotations.Nullable;

/**
 * A person who might see something, as the deciding service knows them: their id and the organisation identity
 * says they belong to (never what a request or a form claims). Membership of the surrounding space (a workspace)
 * is checked before the label and is not part of this rule.
 *
 * @param organisationId {@code null} when the organisation is not known; such a reader is in no organisation's
 * audience
 */
public record Reader(String personId, @Nullable String organisationId) {

}
