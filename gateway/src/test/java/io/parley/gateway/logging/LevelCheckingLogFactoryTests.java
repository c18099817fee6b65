package io.parley.gateway.logging;

import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring's log calls (Commons Logging) render their message only when the level is on. */
class LevelCheckingLogFactoryTests {

	private static final String NAME = "io.parley.gateway.logging.test";

	private final Logger logback = (Logger) LoggerFactory.getLogger(NAME);

	private final AtomicInteger rendered = new AtomicInteger();

	/** What Spring's {@code LogMessage} is: a message whose text is built when asked for. */
	private final Object message = new Object() {

		@Override
		public String toString() {
			LevelCheckingLogFactoryTests.this.rendered.incrementAndGet();
			return "the security context, rendered";
		}

	};

	@AfterEach
	void resetLevel() {
		this.logback.setLevel(null);
	}

	@Test
	void whenCommonsLoggingPicksItsFactory_thenThisOneFromTheServiceFile() {
		assertThat(LogFactory.getFactory()).isInstanceOf(LevelCheckingLogFactory.class);
	}

	@Test
	void givenDebugOff_whenDebugLogged_thenMessageNeverRendered() {
		this.logback.setLevel(Level.INFO);
		Log log = LogFactory.getLog(NAME);

		log.debug(this.message);
		log.trace(this.message, new IllegalStateException("trace"));

		assertThat(this.rendered).hasValue(0);
	}

	@Test
	void givenDebugOn_whenDebugLogged_thenRenderedAndLogged() {
		this.logback.setLevel(Level.DEBUG);
		Log log = LogFactory.getLog(NAME);

		log.debug(this.message);

		assertThat(this.rendered).hasValue(1);
		assertThat(log.isDebugEnabled()).isTrue();
		assertThat(log.isTraceEnabled()).isFalse();
	}

}
