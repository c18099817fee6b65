/** People identity offboarded: refused at once, and taken out of every workspace. */
@NullMarked
package io.parley.workspace.offboarding;

import org.jspecify.annotations.NullMarked;
