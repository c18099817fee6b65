/**
 * People identity offboarded: refused at once (platform's access filter, ADR 0024), and taken out of every
 * workspace; sponsored people are refused from their access end on.
 */
@NullMarked
package io.parley.workspace.offboarding;

import org.jspecify.annotations.NullMarked;
