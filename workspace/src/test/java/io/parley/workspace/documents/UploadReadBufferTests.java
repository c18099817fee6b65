package io.parley.workspace.documents;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The socket read buffer reaches Tomcat's NIO endpoint (a misspelt property would be ignored without a word). */
class UploadReadBufferTests {

	@Test
	void givenTheCustomizer_whenAppliedToAConnector_thenItsEndpointReads64KiBAtATime() {
		Connector connector = new Connector("HTTP/1.1");
		assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("8192");

		new UploadReadBuffer().tomcatUploadReadBuffer().customize(connector);

		assertThat(connector.getProperty("socket.appReadBufSize")).hasToString(Integer.toString(UploadReadBuffer.BYTES));
	}

}
