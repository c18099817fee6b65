package io.parley.gateway.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.logging.impl.Slf4jLogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Commons Logging (which Spring Framework 7 logs through) to SLF4J, as Commons Logging's own {@link Slf4jLogFactory}
 * does, except that a message is turned into a string only when its level is on.
 * <p>
 * Commons Logging 1.3.6 (and 1.4.0) calls {@code String.valueOf(message)} before SLF4J looks at the level. Spring's
 * {@code LogMessage} exists to make that lazy, and Spring Security logs through it on every request without asking
 * {@code isDebugEnabled()} first, e.g. {@code "Found SecurityContext '%s' in WebSession: '%s'"}: so on every signed-in
 * request the whole security context (the OIDC user with its claims and tokens' metadata) and the session were
 * rendered into a string and thrown away. The profile of issue 14 had that at ~20 % of the gateway's allocations
 * (spring-projects/spring-framework#37266, a regression of Framework 7). Registered through
 * {@code META-INF/services/org.apache.commons.logging.LogFactory}, which Commons Logging consults before picking a
 * logging library itself; remove it once Commons Logging or Spring checks the level again.
 * <p>
 * Caller location (logback's {@code %line}, {@code %method}) would name this class for Spring's log lines; the
 * gateway's log pattern does not print it.
 */
public final class LevelCheckingLogFactory extends LogFactory {

	private final LogFactory slf4j = new Slf4jLogFactory();

	private final ConcurrentMap<String, Log> logs = new ConcurrentHashMap<>();

	@Override
	public Log getInstance(Class<?> clazz) {
		return getInstance(clazz.getName());
	}

	@Override
	public Log getInstance(String name) {
		return this.logs.computeIfAbsent(name, (key) -> new LevelCheckingLog(this.slf4j.getInstance(key)));
	}

	@Override
	public @Nullable Object getAttribute(String name) {
		return this.slf4j.getAttribute(name);
	}

	@Override
	public String[] getAttributeNames() {
		return this.slf4j.getAttributeNames();
	}

	@Override
	public void release() {
		this.logs.clear();
		this.slf4j.release();
	}

	@Override
	public void removeAttribute(String name) {
		this.slf4j.removeAttribute(name);
	}

	@Override
	public void setAttribute(String name, @Nullable Object value) {
		this.slf4j.setAttribute(name, value);
	}

	/** Asks the level first, then hands the message on as it is. */
	static final class LevelCheckingLog implements Log {

		private final Log log;

		LevelCheckingLog(Log log) {
			this.log = log;
		}

		@Override
		public void trace(Object message) {
			if (this.log.isTraceEnabled()) {
				this.log.trace(message);
			}
		}

		@Override
		public void trace(Object message, Throwable t) {
			if (this.log.isTraceEnabled()) {
				this.log.trace(message, t);
			}
		}

		@Override
		public void debug(Object message) {
			if (this.log.isDebugEnabled()) {
				this.log.debug(message);
			}
		}

		@Override
		public void debug(Object message, Throwable t) {
			if (this.log.isDebugEnabled()) {
				this.log.debug(message, t);
			}
		}

		@Override
		public void info(Object message) {
			if (this.log.isInfoEnabled()) {
				this.log.info(message);
			}
		}

		@Override
		public void info(Object message, Throwable t) {
			if (this.log.isInfoEnabled()) {
				this.log.info(message, t);
			}
		}

		@Override
		public void warn(Object message) {
			if (this.log.isWarnEnabled()) {
				this.log.warn(message);
			}
		}

		@Override
		public void warn(Object message, Throwable t) {
			if (this.log.isWarnEnabled()) {
				this.log.warn(message, t);
			}
		}

		@Override
		public void error(Object message) {
			if (this.log.isErrorEnabled()) {
				this.log.error(message);
			}
		}

		@Override
		public void error(Object message, Throwable t) {
			if (this.log.isErrorEnabled()) {
				this.log.error(message, t);
			}
		}

		@Override
		public void fatal(Object message) {
			if (this.log.isFatalEnabled()) {
				this.log.fatal(message);
			}
		}

		@Override
		public void fatal(Object message, Throwable t) {
			if (this.log.isFatalEnabled()) {
				this.log.fatal(message, t);
			}
		}

		@Override
		public boolean isTraceEnabled() {
			return this.log.isTraceEnabled();
		}

		@Override
		public boolean isDebugEnabled() {
			return this.log.isDebugEnabled();
		}

		@Override
		public boolean isInfoEnabled() {
			return this.log.isInfoEnabled();
		}

		@Override
		public boolean isWarnEnabled() {
			return this.log.isWarnEnabled();
		}

		@Override
		public boolean isErrorEnabled() {
			return this.log.isErrorEnabled();
		}

		@Override
		public boolean isFatalEnabled() {
			return this.log.isFatalEnabled();
		}

	}

}
