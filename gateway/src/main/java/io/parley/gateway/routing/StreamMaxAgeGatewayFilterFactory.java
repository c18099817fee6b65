package io.parley.gateway.routing;

import java.time.Duration;
import java.util.List;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;

/**
 * {@code StreamMaxAge=<duration>}: ends a streamed response after the given time; the browser's EventSource
 * reconnects by itself (sending {@code Last-Event-ID}, so notifications replays what it missed).
 * <p>
 * Why end a healthy stream: the session and the bearer token are checked when the stream is opened, never
 * again while it runs. Without a cap, a person signed out (or offboarded, or whose Keycloak session ended)
 * would keep receiving notifications on an open tab for as long as the tab lives, and notifications would
 * keep serving a connection authorised by a long-expired token. With it, every reconnect passes the session
 * check, the token relay (refreshing or ending the session) and the rate limiter again.
 */
@Component
class StreamMaxAgeGatewayFilterFactory extends AbstractGatewayFilterFactory<StreamMaxAgeGatewayFilterFactory.Config> {

	StreamMaxAgeGatewayFilterFactory() {
		super(Config.class);
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("maxAge");
	}

	@Override
	public GatewayFilter apply(Config config) {
		Duration maxAge = config.getMaxAge();
		GatewayFilter filter = (exchange, chain) -> chain
			.filter(exchange.mutate().response(new ServerHttpResponseDecorator(exchange.getResponse()) {

				@Override
				public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
					return super.writeWith(Flux.from(body).take(maxAge));
				}

				@Override
				public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
					return super.writeAndFlushWith(Flux.from(body).take(maxAge));
				}

			}).build());
		// NettyWriteResponseFilter writes the service's body to the response it was handed: this filter must run
		// before it, or it would never see the decorated response
		return new OrderedGatewayFilter(filter, NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1);
	}

	public static class Config {

		private Duration maxAge = Duration.ofMinutes(15);

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

}
