package io.parley.platform.events;

/** A test-only event: the n-th increment of one counter aggregate. */
@EventType("test.counter.incremented")
record CounterIncremented(String counterId, long seq) {
}
