package io.parley.workspace.acknowledgements;

import java.time.Clock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the overdue check of {@link Acknowledgements}; the interval bounds how late an overdue is reported. */
@Component
class AcknowledgementDeadlines {

	private final Acknowledgements acknowledgements;

	private final Clock clock = Clock.systemUTC();

	AcknowledgementDeadlines(Acknowledgements acknowledgements) {
		this.acknowledgements = acknowledgements;
	}

	@Scheduled(fixedDelayString = "${parley.workspace.acknowledgements.overdue-interval:PT1M}",
			initialDelayString = "${parley.workspace.acknowledgements.overdue-interval:PT1M}")
	void recordOverdue() {
		this.acknowledgements.recordOverdue(this.clock);
	}

}
