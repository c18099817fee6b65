package io.parley.notifications.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No server-side request forgery: which webhook URLs are refused, and why in words. */
class ReceiversTests {

	/** A DNS of the test's own: names a test made up, answering what the test says. */
	private static HostResolver dns(Map<String, String> answers) {
		return (host) -> {
			String address = answers.get(host);
			if (address == null) {
				if (host.matches("[0-9a-fA-F:.]+")) {
					return new InetAddress[] { InetAddress.getByName(host) };
				}
				throw new UnknownHostException(host);
			}
			return new InetAddress[] { InetAddress.getByName(address) };
		};
	}

	private final Receivers strict = new Receivers(List.of(),
			dns(Map.of("receiver.example", "127.0.0.1", "partner.example", "93.184.216.34", "metadata.example",
					"169.254.169.254", "mixed.example", "10.1.2.3")));

	@ParameterizedTest
	@ValueSource(strings = { "https://127.0.0.1/hook", "https://169.254.169.254/latest/meta-data/",
			"https://10.0.0.7/hook", "https://172.16.1.1/hook", "https://192.168.1.10/hook", "https://100.100.100.200/",
			"https://0.0.0.0/hook", "https://224.0.0.1/hook", "https://255.255.255.255/", "https://[::1]/hook",
			"https://[fe80::1]/hook", "https://[fd00:ec2::254]/latest/", "https://[::ffff:127.0.0.1]/hook",
			"https://[64:ff9b::a9fe:a9fe]/", "https://receiver.example/hook", "https://metadata.example/" })
	void givenAnAddressOutsideThePublicInternet_whenChecked_thenRefusedWithTheReason(String url) {
		assertThatThrownBy(() -> this.strict.check(url)).isInstanceOf(Receivers.Refused.class)
			.hasMessageContaining("webhooks only go to public internet addresses")
			.hasMessageContaining("resolves to");
	}

	@Test
	void givenAHostNameResolvingToLoopback_whenNotAllowListed_thenRefusedNamingTheAddress() {
		assertThatThrownBy(() -> this.strict.check("https://receiver.example/hook"))
			.hasMessage("The host receiver.example resolves to 127.0.0.1, a loopback address: webhooks only go to "
					+ "public internet addresses.");
		assertThatThrownBy(() -> this.strict.check("https://metadata.example/"))
			.hasMessageContaining("169.254.169.254, a link-local address");
	}

	@Test
	void givenAPublicAddress_whenChecked_thenTheConnectionGoesToTheAddressChecked() throws Exception {
		Receivers.Target target = this.strict.check("https://partner.example/siem/parley?x=1");

		assertThat(target.address().getHostAddress()).isEqualTo("93.184.216.34");
		assertThat(target.port()).isEqualTo(443);
		assertThat(target.tls()).isTrue();
	}

	@Test
	void givenPlainHttp_whenNotAllowListed_thenRefused() {
		assertThatThrownBy(() -> this.strict.check("http://partner.example/hook"))
			.hasMessageContaining("must start with https://");
		assertThatThrownBy(() -> Receivers.parse("ftp://partner.example/")).hasMessage("The URL must start with https://.");
		assertThatThrownBy(() -> Receivers.parse("https://user:pw@partner.example/"))
			.hasMessageContaining("without a user name, password");
		assertThatThrownBy(() -> this.strict.check("https://nowhere.example/"))
			.hasMessageContaining("could not be found");
	}

	@Test
	void givenTheAllowList_whenTheAddressIsOnIt_thenLoopbackAndPlainHttpPassButNothingElse() throws Exception {
		Receivers local = new Receivers(List.of("127.0.0.1"), dns(Map.of("receiver.example", "127.0.0.1")));

		assertThat(local.check("http://127.0.0.1:8089/hook").address().getHostAddress()).isEqualTo("127.0.0.1");
		assertThat(local.check("http://receiver.example:8089/hook").port()).isEqualTo(8089);
		assertThatThrownBy(() -> local.check("http://127.0.0.2/hook")).hasMessageContaining("loopback");
		assertThatThrownBy(() -> local.check("https://169.254.169.254/")).hasMessageContaining("link-local");
	}

	@Test
	void givenAHostNameInTheAllowList_whenStarting_thenRefusedAsConfiguration() {
		assertThatThrownBy(() -> new Receivers(List.of("localhost"), HostResolver.system()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("IP addresses, not host names");
	}

}
