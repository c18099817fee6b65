package io.parley.notifications.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Name to addresses: the system's resolver, or a test's (DNS answers that change between two lookups). */
@FunctionalInterface
interface HostResolver {

	InetAddress[] resolve(String host) throws UnknownHostException;

	static HostResolver system() {
		return InetAddress::getAllByName;
	}

}
