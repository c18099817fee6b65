package io.parley.workspace.workspaces;

import java.util.Collection;
import java.util.Map;

/** The display names workspace knows for people (the {@code people} projection); absent ids are unknown. */
public interface MemberNames {

	Map<String, String> namesOf(Collection<String> personIds);

}
