/**
 * Display names of people, as far as workspace knows them: from identity's {@code MemberJoined} and from the
 * {@code name} claim of every caller's token. Only for showing; never for deciding access.
 */
@NullMarked
package io.parley.workspace.people;

import org.jspecify.annotations.NullMarked;
