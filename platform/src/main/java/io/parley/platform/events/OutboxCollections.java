package io.parley.platform.events;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArraySet;

/** The collections the relay scans: configured ones plus any the recorder has written to since start. */
final class OutboxCollections {

	private final CopyOnWriteArraySet<String> names = new CopyOnWriteArraySet<>();

	OutboxCollections(Collection<String> configured) {
		this.names.addAll(configured);
	}

	void add(String collection) {
		this.names.add(collection);
	}

	List<String> all() {
		return List.copyOf(this.names);
	}

}
