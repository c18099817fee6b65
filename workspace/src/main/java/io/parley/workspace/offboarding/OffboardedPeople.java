package io.parley.workspace.offboarding;

import io.parley.platform.access.AccessEnds;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.contract.MemberOffboarded;
import io.parley.workspace.workspaces.Workspaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * An offboarded person is first recorded in platform's {@link AccessEnds} (collection {@code offboarded_people}),
 * which platform's filter checks on every request, and then taken out of every workspace. The record comes first,
 * so the person is refused even while (or if) removing them from their workspaces is still to come.
 */
@Service
class OffboardedPeople {

	private static final Logger log = LoggerFactory.getLogger(OffboardedPeople.class);

	private final AccessEnds access;

	private final Workspaces workspaces;

	OffboardedPeople(AccessEnds access, Workspaces workspaces) {
		this.access = access;
		this.workspaces = workspaces;
	}

	void on(MemberOffboarded event, EventEnvelope envelope) {
		this.access.offboarded(event, envelope);
		// Also for a redelivery: a crash after the record and before the removals must not leave memberships
		// behind. The removal is idempotent by itself (it only touches workspaces the person is still in).
		String personId = event.personId().toString();
		int removed = this.workspaces.removeEverywhere(personId);
		log.info("Person {} offboarded (event {}): removed from {} workspace(s)", personId, envelope.id(), removed);
	}

}
