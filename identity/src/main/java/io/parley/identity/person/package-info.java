/**
 * People: who belongs to which organisation with which role, their sponsor and access end date, the directory,
 * and the check that an offboarded person's still-valid token opens nothing here.
 */
@NullMarked
package io.parley.identity.person;

import org.jspecify.annotations.NullMarked;
