package io.parley.gateway.spa;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Vite names every file under {@code assets/} after a hash of its content, and only {@code index.html} names
 * them. So the assets may be cached for a year without asking again ({@code immutable}: not even on reload),
 * while {@code index.html} must be revalidated on every load ({@code no-cache}, which still allows a 304 via
 * {@code Last-Modified}), or a browser would keep running the previous deploy's code against the new API.
 * <p>
 * Without these, Spring Security's default {@code no-cache, no-store} applies to both: correct, but every page
 * load would download every asset again. Security writes its cache headers only when the response has none,
 * which is what lets these win. API responses are untouched and keep Security's {@code no-store}.
 */
@Configuration(proxyBeanMethods = false)
class SpaCachingConfiguration implements WebFluxConfigurer {

	static final CacheControl HASHED_ASSETS = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

	static final CacheControl START_PAGE = CacheControl.noCache();

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		// more specific than Boot's /** static handler, so it wins for /assets/**; the header goes out only with
		// a file actually found (a 404 must not be cached for a year)
		registry.addResourceHandler("/assets/**")
			.addResourceLocations("classpath:/static/assets/")
			.setCacheControl(HASHED_ASSETS);
	}

	/**
	 * {@code /} is served by Boot's welcome-page router, {@code /index.html} by the static handler; neither takes
	 * a per-file cache setting, so the header is set before either runs.
	 */
	@Bean
	WebFilter startPageCacheControl() {
		return new StartPageCacheControlFilter();
	}

	static final class StartPageCacheControlFilter implements WebFilter {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			HttpMethod method = exchange.getRequest().getMethod();
			String path = exchange.getRequest().getPath().pathWithinApplication().value();
			if ((HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
					&& ("/".equals(path) || "/index.html".equals(path))) {
				exchange.getResponse().getHeaders().setCacheControl(START_PAGE);
			}
			return chain.filter(exchange);
		}

	}

}
