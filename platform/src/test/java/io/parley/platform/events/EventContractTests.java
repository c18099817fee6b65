package io.parley.platform.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.parley.platform.events.contract.DocumentVersionAdded;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventContractTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void givenEveryPublishedContract_whenLookingForItsSample_thenExactlyOneSampleExists() {
		assertThat(EventSamples.all().keySet()).containsExactlyInAnyOrderElementsOf(EventTypes.contracts().keySet());
	}

	@Test
	void givenConsumerBindingEveryContract_whenReadingSamples_thenEachReadsIntoItsRecordLosslessly() {
		EventSubscription everything = EventSubscription.queue("contract-check");
		EventTypes.contracts().values().forEach((type) -> everything.on(type, (event, envelope) -> {
		}));
		EventSamples.assertConsumerReadsEverySample(everything, this.json);
	}

	@Test
	void givenRecordedEvent_whenComparedWithSample_thenSameShape() {
		EventEnvelope produced = new EventEnvelope(UUID.randomUUID(), "workspace.document.version-added",
				Instant.parse("2026-03-03T08:30:45.678Z"), "workspace", "d-1", 2,
				this.json.valueToTree(new DocumentVersionAdded(UUID.randomUUID(), UUID.randomUUID(), 2, "t",
						"TLP:GREEN", UUID.randomUUID(), "acme-security", List.of(), List.of("gov-cert"))));
		EventSamples.assertMatchesSample(produced, this.json);
	}

	@Test
	void givenProducerThatRenamedAField_whenComparedWithSample_thenFails() {
		EventEnvelope produced = new EventEnvelope(UUID.randomUUID(), "workspace.membership.removed", Instant.now(),
				"workspace", "w-1", 1, this.json.readTree("{\"workspaceId\":\"x\",\"memberId\":\"y\"}"));
		assertThatThrownBy(() -> EventSamples.assertMatchesSample(produced, this.json)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("fields of workspace.membership.removed.data");
	}

	@Test
	void givenEventClassWithoutType_whenSubscribing_thenRejected() {
		record Untyped(String id) {
		}
		assertThatThrownBy(() -> EventSubscription.queue("q").on(Untyped.class, (event, envelope) -> {
		})).isInstanceOf(IllegalArgumentException.class);
	}

}
