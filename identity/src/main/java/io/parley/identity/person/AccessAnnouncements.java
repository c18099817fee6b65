package io.parley.identity.person;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At every start, announces the access ends the other services have never heard of (see
 * {@link People#announceAccessEnds()}); after the first start that finds them, there is nothing left to do.
 */
@Component
class AccessAnnouncements {

	private static final Logger log = LoggerFactory.getLogger(AccessAnnouncements.class);

	private final People people;

	AccessAnnouncements(People people) {
		this.people = people;
	}

	@EventListener(ApplicationReadyEvent.class)
	void announce() {
		int announced = this.people.announceAccessEnds();
		if (announced > 0) {
			log.info("Announced the access end of {} sponsored people to the other services (AccessScheduled)",
					announced);
		}
	}

}
