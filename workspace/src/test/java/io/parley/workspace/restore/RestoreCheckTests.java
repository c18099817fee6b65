package io.parley.workspace.restore;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.parley.platform.problem.Problem;
import io.parley.workspace.audit.AuditTrail;
import io.parley.workspace.documents.StoredContentCheck;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** One full read at a time: a second check while one runs is refused with 409, and the next one runs again. */
class RestoreCheckTests {

	@Test
	void givenCheckRunning_whenAnotherStarts_thenRefusedWith409AndLaterOnesRun() throws Exception {
		StoredContentCheck content = mock(StoredContentCheck.class);
		CountDownLatch reading = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		StoredContentCheck.Outcome nothing = new StoredContentCheck.Outcome(0, 0, 0, 0, List.of(), 0);
		when(content.checkAll(anyInt())).thenAnswer((invocation) -> {
			reading.countDown();
			finish.await(30, TimeUnit.SECONDS);
			return nothing;
		}).thenReturn(nothing);
		RestoreCheck check = new RestoreCheck(mock(MongoTemplate.class), content, mock(AuditTrail.class),
				List.of("documents"), List.of("documents"), Clock.systemUTC());

		CompletableFuture<RestoreCheck.Report> first = CompletableFuture.supplyAsync(check::run);
		assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();

		assertThatThrownBy(check::run).isInstanceOfSatisfying(Problem.class,
				(problem) -> assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.CONFLICT));
		finish.countDown();
		assertThat(first.get(30, TimeUnit.SECONDS).valid()).isTrue();
		assertThat(check.run().valid()).isTrue();
	}

}
