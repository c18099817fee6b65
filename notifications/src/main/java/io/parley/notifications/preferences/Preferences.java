package io.parley.notifications.preferences;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.parley.notifications.NotificationsProperties;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Each person's choices, one document per person in {@code preferences}: {@code timeZone}, {@code channels}
 * (only what differs from the defaults is stored) and {@code lastDigestOn}, the local date of their last digest.
 */
@Service
public class Preferences {

	static final String COLLECTION = "preferences";

	private final MongoTemplate mongo;

	private final ZoneId defaultZone;

	Preferences(MongoTemplate mongo, NotificationsProperties properties) {
		this.mongo = mongo;
		this.defaultZone = properties.digest().defaultTimeZone();
	}

	public record Choice(ZoneId timeZone, Map<NoticeType, Channel> channels) {
	}

	public Choice of(String personId) {
		return choice(this.mongo.findById(personId, Document.class, COLLECTION));
	}

	/** Each person's channel for one notice: one query for all the recipients of an event, not one each. */
	public Map<String, Channel> channels(Collection<String> people, NoticeType type) {
		Map<String, Channel> channels = new HashMap<>();
		if (!people.isEmpty()) {
			this.mongo.find(new Query(where("_id").in(people)), Document.class, COLLECTION)
				.forEach((stored) -> channels.put(stored.getString("_id"), choice(stored).channels().get(type)));
		}
		for (String person : people) {
			channels.putIfAbsent(person, type.defaultChannel());
		}
		return channels;
	}

	private Choice choice(@Nullable Document stored) {
		Map<NoticeType, Channel> channels = new EnumMap<>(NoticeType.class);
		for (NoticeType type : NoticeType.values()) {
			channels.put(type, type.defaultChannel());
		}
		ZoneId zone = this.defaultZone;
		if (stored != null) {
			Document chosen = stored.get("channels", Document.class);
			if (chosen != null) {
				chosen.forEach((key, value) -> NoticeType.of(key.replace('_', '.'))
					.ifPresent((type) -> channels.put(type, Channel.valueOf((String) value))));
			}
			String zoneId = stored.getString("timeZone");
			if (zoneId != null) {
				zone = ZoneId.of(zoneId);
			}
		}
		// a locked notice goes its one way whatever is stored: the API refuses another choice, and this holds even
		// for a choice written around it
		for (NoticeType type : NoticeType.values()) {
			if (type.locked()) {
				channels.put(type, type.defaultChannel());
			}
		}
		return new Choice(zone, channels);
	}

	/** Stores a person's choices; the caller has checked that each is one of its notice's allowed channels. */
	public void save(String personId, @Nullable ZoneId timeZone, Map<NoticeType, Channel> channels) {
		Map<String, String> stored = new LinkedHashMap<>();
		// a dot in a field name would read as a path: workspace.document.version-added is stored with underscores
		channels.forEach((type, channel) -> stored.put(type.key().replace('.', '_'), channel.name()));
		Update update = new Update().set("channels", stored);
		if (timeZone != null) {
			update.set("timeZone", timeZone.getId());
		}
		this.mongo.upsert(new Query(where("_id").is(personId)), update, COLLECTION);
	}

	/**
	 * Claims a person's digest of {@code day} for this instance: true once per person and local date, however many
	 * instances ask, because the condition and the write are one single-document update.
	 */
	public boolean claimDigest(String personId, LocalDate day) {
		try {
			Query notYet = new Query(where("_id").is(personId).and("lastDigestOn").ne(day.toString()));
			// matched (another day's digest was last) or inserted (the person's first): either way ours
			this.mongo.upsert(notYet, new Update().set("lastDigestOn", day.toString()), COLLECTION);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false; // the document exists and already names this day: the upsert collided on _id
		}
	}

	/** Gives a claimed digest back, so that a failed send is tried again at the next check. */
	public void releaseDigest(String personId, LocalDate day) {
		this.mongo.updateFirst(new Query(where("_id").is(personId).and("lastDigestOn").is(day.toString())),
				new Update().unset("lastDigestOn"), COLLECTION);
	}

}
