package io.parley.notifications.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Where a webhook may go: no server-side request forgery. A URL must be {@code https} (plain {@code http} only to
 * an allow-listed address), without user info or fragment, and every address its host resolves to must be a public
 * unicast one: never loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 with the
 * cloud metadata address 169.254.169.254, fe80::/10), carrier-grade NAT (100.64/10, where some clouds keep their
 * metadata), "this network", multicast, broadcast or reserved — unless the operator allow-listed that very address
 * ({@code parley.notifications.webhooks.allowed-addresses}). Checked at registration and again before every
 * attempt, and the connection goes to the address that was checked, so a DNS answer that changes in between
 * (rebinding) cannot lead it elsewhere.
 */
final class Receivers {

	private final Set<InetAddress> allowed;

	private final HostResolver resolver;

	Receivers(List<String> allowedAddresses, HostResolver resolver) {
		this.allowed = allowedAddresses.stream()
			.map(String::strip)
			.filter((address) -> !address.isEmpty())
			.map(Receivers::literal)
			.collect(Collectors.toUnmodifiableSet());
		this.resolver = resolver;
	}

	/** Why a receiver was refused, in words for the person who registered it. */
	static final class Refused extends Exception {

		Refused(String reason) {
			super(reason, null, false, false);
		}

	}

	/** A URL that passed, and the address to connect to. */
	record Target(URI url, InetAddress address, int port, boolean tls) {
	}

	/** Checks the URL's form alone (no lookup). */
	static URI parse(String url) throws Refused {
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (java.net.URISyntaxException ex) {
			throw new Refused("The URL is not a valid address: " + ex.getReason() + ".");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !scheme.equals("http")) {
			throw new Refused("The URL must start with https://.");
		}
		if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
			throw new Refused("The URL must name a host, without a user name, password or #fragment.");
		}
		return uri;
	}

	/** Resolves the URL's host now and checks every address; the first one is the one to connect to. */
	Target check(String url) throws Refused {
		URI uri = parse(url);
		String host = uri.getHost();
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		InetAddress[] addresses;
		try {
			addresses = this.resolver.resolve(host);
		}
		catch (UnknownHostException ex) {
			throw new Refused("The host " + host + " could not be found (DNS has no address for it).");
		}
		if (addresses.length == 0) {
			throw new Refused("The host " + host + " could not be found (DNS has no address for it).");
		}
		for (InetAddress address : addresses) {
			String forbidden = this.allowed.contains(address) ? null : forbidden(address);
			if (forbidden != null) {
				throw new Refused("The host " + host + " resolves to " + address.getHostAddress() + ", " + forbidden
						+ ": webhooks only go to public internet addresses.");
			}
		}
		boolean tls = "https".equalsIgnoreCase(uri.getScheme());
		if (!tls && !Arrays.stream(addresses).allMatch(this.allowed::contains)) {
			throw new Refused("The URL must start with https:// (plain http is only for allow-listed test receivers).");
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : (tls ? 443 : 80);
		return new Target(uri, addresses[0], port, tls);
	}

	/** Why an address is not a public unicast one, or {@code null} when it is. */
	static @Nullable String forbidden(InetAddress address) {
		if (address.isLoopbackAddress()) {
			return "a loopback address";
		}
		if (address.isAnyLocalAddress()) {
			return "the unspecified address";
		}
		if (address.isLinkLocalAddress()) {
			return "a link-local address (where cloud metadata services answer)";
		}
		if (address.isSiteLocalAddress()) {
			return "a private address";
		}
		if (address.isMulticastAddress()) {
			return "a multicast address";
		}
		byte[] b = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = b[0] & 0xff;
			int second = b[1] & 0xff;
			if (first == 0) {
				return "a \"this network\" address";
			}
			if (first == 100 && (second & 0xc0) == 64) {
				return "a carrier-grade NAT address (where some clouds answer metadata requests)";
			}
			if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
				return "a protocol-assignment address";
			}
			if (first == 198 && (second == 18 || second == 19)) {
				return "a benchmarking address";
			}
			if (first >= 240) {
				return "a reserved or broadcast address";
			}
			return null;
		}
		if (address instanceof Inet6Address) {
			if ((b[0] & 0xfe) == 0xfc) {
				return "a private (unique local) address";
			}
			if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
				return "a site-local address";
			}
			// IPv4 inside IPv6 (compatible ::a.b.c.d, NAT64 64:ff9b::/96): judged by the IPv4 address it carries
			boolean compatible = Arrays.equals(Arrays.copyOf(b, 12), new byte[12]);
			boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
					&& Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8]);
			if (compatible || nat64) {
				try {
					String inner = forbidden(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
					return (inner != null) ? inner + " inside an IPv6 address" : null;
				}
				catch (UnknownHostException ex) {
					return "an address that cannot be read";
				}
			}
		}
		return null;
	}

	private static InetAddress literal(String address) {
		try {
			// a literal, never a name: getByName does no lookup for one
			if (!address.matches("[0-9a-fA-F:.]+")) {
				throw new IllegalStateException("parley.notifications.webhooks.allowed-addresses takes IP addresses, not "
						+ "host names: " + address);
			}
			return InetAddress.getByName(address);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("Not an IP address in parley.notifications.webhooks.allowed-addresses: "
					+ address, ex);
		}
	}

}
