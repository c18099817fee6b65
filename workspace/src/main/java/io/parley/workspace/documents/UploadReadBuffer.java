package io.parley.workspace.documents;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat reads a request body from the socket into a buffer of 8 KiB by default: a 200 MiB upload is then some 25,000
 * socket reads, each a system call and a wake-up of the request thread. With 64 KiB it is an eighth of that (ADR 0018).
 * The buffer is per connection, on the heap, and recycled with it.
 */
@Configuration(proxyBeanMethods = false)
class UploadReadBuffer {

	static final int BYTES = 64 * 1024;

	@Bean
	TomcatConnectorCustomizer tomcatUploadReadBuffer() {
		return (connector) -> connector.setProperty("socket.appReadBufSize", Integer.toString(BYTES));
	}

}
