package io.parley.workspace.people;

import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.contract.MemberJoined;
import io.parley.workspace.workspaces.MemberNames;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The {@code people} projection: one small document per person ({@code _id} = person id, {@code name},
 * {@code organisation}). A token's {@code name} claim is what Keycloak says now, so it wins; {@code MemberJoined} only
 * fills in a name nobody's token gave yet (a redelivered or late join event must not undo a rename). The organisation
 * is identity's: both sources carry the same value (identity writes it into Keycloak), and it is what decides a new
 * member's organisation in a workspace, never the request adding them.
 */
@Service
public class PersonNames implements MemberNames {

	static final String COLLECTION = "people";

	/** Longer names are cut: they are only shown, and the event and token values come from Keycloak. */
	static final int NAME_MAX = 200;

	private static final int REMEMBERED = 10_000;

	private static final Logger log = LoggerFactory.getLogger(PersonNames.class);

	private final MongoTemplate mongo;

	private final Clock clock = Clock.systemUTC();

	/**
	 * The names this instance last wrote (or read) per person, so a caller's every request costs no write; LRU so it
	 * stays bounded. Another instance's write is at worst repeated once here.
	 */
	private final Map<String, String> written = new LinkedHashMap<>(256, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
			return size() > REMEMBERED;
		}

	};

	PersonNames(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/** The name from a caller's token; written only when it differs from what this instance last saw. */
	public void seen(String personId, String name, @Nullable String organisation) {
		String cleaned = clean(name);
		if (cleaned.isEmpty()) {
			return;
		}
		String remembered = cleaned + "\n" + ((organisation != null) ? organisation : "");
		synchronized (this.written) {
			if (remembered.equals(this.written.get(personId))) {
				return;
			}
		}
		Update update = new Update().set("name", cleaned)
			.set("source", "token")
			.set("updatedAt", Date.from(this.clock.instant()));
		if (organisation != null) {
			update.set("organisation", organisation);
		}
		this.mongo.upsert(new Query(where("_id").is(personId)), update, COLLECTION);
		synchronized (this.written) {
			this.written.put(personId, remembered);
		}
		log.info("Name and organisation {} of person {} taken from their token", organisation, personId);
	}

	/** {@code identity.member.joined}: a name for a person who has not called workspace yet. */
	public void on(MemberJoined event, EventEnvelope envelope) {
		String name = clean(event.name());
		String personId = event.personId().toString();
		// The organisation is identity's either way, so it is set. The name only where nobody gave one yet:
		// applying the event twice, or after a token named the person, changes nothing.
		this.mongo.upsert(new Query(where("_id").is(personId)),
				new Update().set("organisation", event.organisationId())
					.setOnInsert("source", "member-joined")
					.setOnInsert("updatedAt", Date.from(envelope.occurredAt())),
				COLLECTION);
		if (!name.isEmpty()) {
			this.mongo.updateFirst(new Query(where("_id").is(personId).and("name").exists(false)),
					new Update().set("name", name), COLLECTION);
		}
		log.info("Person {} joined {} (event {})", personId, event.organisationId(), envelope.id());
	}

	@Override
	public Map<String, String> namesOf(Collection<String> personIds) {
		if (personIds.isEmpty()) {
			return Map.of();
		}
		Query query = new Query(where("_id").in(List.copyOf(personIds)));
		query.fields().include("name");
		Map<String, String> names = new LinkedHashMap<>();
		for (Document person : this.mongo.find(query, Document.class, COLLECTION)) {
			String name = person.getString("name");
			if (name != null) {
				names.put(String.valueOf(person.get("_id")), name);
			}
		}
		return names;
	}

	@Override
	public Optional<String> organisationOf(String personId) {
		Query query = new Query(where("_id").is(personId));
		query.fields().include("organisation");
		Document person = this.mongo.findOne(query, Document.class, COLLECTION);
		return Optional.ofNullable((person != null) ? person.getString("organisation") : null);
	}

	/** Without control or format characters (bidi overrides would garble every page showing the name). */
	static String clean(@org.jspecify.annotations.Nullable String name) {
		if (name == null) {
			return "";
		}
		String cleaned = name.replaceAll("\\p{C}", "").strip();
		return (cleaned.length() > NAME_MAX) ? cleaned.substring(0, NAME_MAX) : cleaned;
	}

}
