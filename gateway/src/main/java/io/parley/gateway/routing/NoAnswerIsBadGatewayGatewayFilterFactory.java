package io.parley.gateway.routing;

import reactor.netty.http.client.PrematureCloseException;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.stereotype.Component;

/**
 * {@code NoAnswerIsBadGateway=}: a connection to a service that closed before any answer becomes
 * {@link InstanceGaveNoAnswer} (502) instead of a 500. That happens when an instance dies with the request, and
 * when HAProxy closes a reused connection whose instance died so that the client may send the request again. Closed
 * after the answer began (a download or an event stream on its way), the error stays as it is: such an answer must
 * end, never get a second body from a retry (ADR 0038).
 */
@Component
class NoAnswerIsBadGatewayGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	NoAnswerIsBadGatewayGatewayFilterFactory() {
		super(Object.class);
	}

	@Override
	public GatewayFilter apply(Object config) {
		return (exchange, chain) -> chain.filter(exchange)
			.onErrorMap((error) -> error instanceof PrematureCloseException && !exchange.getResponse().isCommitted(),
					InstanceGaveNoAnswer::new);
	}

}
