package io.parley.workspace.documents;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.parley.workspace.TestInfrastructure;
import io.parley.workspace.WorkspaceApplication;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.audit.AuditOutbox;
import io.parley.workspace.audit.PendingEntry;
import io.parley.workspace.workspaces.Workspaces;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessResourceFailureException;

import static io.parley.workspace.documents.DocumentApiTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * At T an embargo's label change happens exactly once, however many instances see it due at the same moment and
 * whichever of them stops at T: one label change, one {@code DocumentLabelChanged}, one audit-chain entry per
 * document.
 */
class EmbargoExactlyOnceTests extends EmbargoApiTest {

	private static final int DOCUMENTS = 12;

	@Autowired
	private Documents documents;

	@Autowired
	private Workspaces workspaces;

	@Autowired
	private AuditOutbox pending;

	@Test
	void givenTwoInstancesAtT_whenBothApplyDueEmbargoesAtOnce_thenEachDocumentWidensExactlyOnce() throws Exception {
		UUID workspace = team();
		List<UUID> ids = embargoed(workspace, inHours(1));
		Embargoes other = new Embargoes(this.documents, this.mongo, this.workspaces, this.pending);
		CLOCK.advance(Duration.ofHours(1));

		CyclicBarrier start = new CyclicBarrier(2);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<Integer> first = threads.submit(() -> {
				start.await();
				return this.embargoes.applyDue();
			});
			Future<Integer> second = threads.submit(() -> {
				start.await();
				return other.applyDue();
			});
			assertThat(first.get() + second.get()).isEqualTo(DOCUMENTS);
		}
		finally {
			threads.shutdown();
		}
		assertEachWidenedOnce(workspace, ids);
	}

	@Test
	void givenAnInstanceStoppingRightAfterItsWriteAtT_whenTheRestartedInstancePollsAndSweeps_thenNothingTwiceNothingLost()
			throws Exception {
		UUID workspace = team();
		List<UUID> ids = embargoed(workspace, inHours(1));
		CLOCK.advance(Duration.ofHours(1));
		// the chain is out of reach right after the write, as when the instance stops between the two
		doThrow(new DataAccessResourceFailureException("stopped")).when(this.trail)
			.append(argThat((PendingEntry entry) -> entry.action().equals("document.label-lowered")));
		assertThat(this.embargoes.applyDue()).isEqualTo(DOCUMENTS);
		for (UUID id : ids) {
			assertThat(this.mongo.findById(id, Document.class, "documents").getInteger("_auditCount")).isEqualTo(1);
		}

		reset(this.trail);
		Embargoes restarted = new Embargoes(this.documents, this.mongo, this.workspaces, this.pending);
		assertThat(restarted.applyDue()).isZero();
		this.pending.sweep();
		this.pending.sweep();

		assertEachWidenedOnce(workspace, ids);
	}

	/**
	 * Two real instances of the service and the test's own on one database, all on the same clock: at T the first
	 * instance is stopped (while its poll may be running) and started again, the second keeps polling, and the
	 * test's instance applies what it finds due too.
	 */
	@Test
	void givenTwoRunningInstancesAndOneRestartingAtT_whenTPasses_thenEachDocumentWidensExactlyOnce() throws Exception {
		UUID workspace = team();
		List<UUID> ids = embargoed(workspace, inHours(1));
		List<ConfigurableApplicationContext> instances = new ArrayList<>();
		try {
			ConfigurableApplicationContext restarting = instance();
			instances.add(restarting);
			instances.add(instance());
			instances.forEach((instance) -> assertThat(instance.getBean(Embargoes.class).applyDue()).isZero());

			CLOCK.advance(Duration.ofHours(1));
			CompletableFuture<Integer> ours = CompletableFuture.supplyAsync(this.embargoes::applyDue);
			restarting.close();
			instances.add(instance());
			ours.get();

			await().atMost(Duration.ofSeconds(30))
				.until(() -> ids.stream()
					.allMatch((id) -> this.mongo.findById(id, StoredDocument.class).embargo() == null));
			// every poll from here on finds nothing due
			for (ConfigurableApplicationContext instance : instances.subList(1, instances.size())) {
				assertThat(instance.getBean(Embargoes.class).applyDue()).isZero();
			}
			assertThat(this.embargoes.applyDue()).isZero();
		}
		finally {
			instances.forEach(ConfigurableApplicationContext::close);
		}
		this.pending.sweep();
		assertEachWidenedOnce(workspace, ids);
	}

	/** A workspace instance of its own on the test's database and clock, polling every 20 ms. */
	private static ConfigurableApplicationContext instance() {
		return new SpringApplicationBuilder(WorkspaceApplication.class, EmbargoClock.class)
			.initializers(new TestInfrastructure())
			.run("--server.port=0", "--server.address=127.0.0.1",
					"--parley.workspace.documents.embargo-poll-interval=20ms");
	}

	/** {@value #DOCUMENTS} TLP:AMBER+STRICT documents of partner-engineer, each to become TLP:GREEN at {@code until}. */
	private List<UUID> embargoed(UUID workspace, Instant until) throws Exception {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < DOCUMENTS; i++) {
			UUID id = document("partner-engineer", workspace, "TLP:AMBER+STRICT", "advisory-" + i + ".txt",
					bytes("advisory " + i));
			embargo("partner-engineer", workspace, id, until, "TLP:GREEN").andExpect(status().isOk());
			ids.add(id);
		}
		return ids;
	}

	private void assertEachWidenedOnce(UUID workspace, List<UUID> ids) {
		for (UUID id : ids) {
			StoredDocument document = this.mongo.findById(id, StoredDocument.class);
			assertThat(document.label()).as("label of %s", id).hasToString("GREEN");
			assertThat(document.embargo()).isNull();
			assertThat(document.version()).as("upload, embargo, its end").isEqualTo(3);
			assertThat(labelChanges(id)).as("events of %s", id).hasSize(1);
			assertThat(chain(workspace, id)).extracting(AuditEntry::action)
				.as("chain of %s", id)
				.containsExactly("document.uploaded", "document.embargo-set", "document.label-lowered");
			assertThat(this.mongo.findById(id, Document.class, "documents").getInteger("_auditCount")).isZero();
		}
	}

}
