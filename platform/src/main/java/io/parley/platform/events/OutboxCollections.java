package io.parley.platform.events;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/** The collections the relay scans: configured ones plus any the recorder has written to since start. */
final class OutboxCollections {

	private final CopyOnWriteArraySet<String> names = new CopyOnWriteArraySet<>();

	private final Set<String> indexed = ConcurrentHashMap.newKeySet();

	OutboxCollections(Collection<String> configured) {
		this.names.addAll(configured);
	}

	void add(String collection) {
		this.names.add(collection);
	}

	/**
	 * Runs {@code createIndexes} once per collection, before the recorder's first write to it and before the relay
	 * reads from it; concurrent callers wait until it is done. The embedded wire server fails a write that runs
	 * while an index of the same collection is being created (a ConcurrentModificationException inside it), so
	 * index creation never overlaps the writes that go through here.
	 */
	void ensureIndexed(String collection, Consumer<String> createIndexes) {
		if (this.indexed.contains(collection)) {
			return;
		}
		synchronized (this.indexed) {
			if (!this.indexed.contains(collection)) {
				createIndexes.accept(collection);
				this.indexed.add(collection);
			}
		}
	}

	List<String> all() {
		return List.copyOf(this.names);
	}

}
