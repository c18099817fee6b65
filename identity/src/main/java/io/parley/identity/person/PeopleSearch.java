package io.parley.identity.person;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.identity.Access;
import io.parley.identity.organisation.Organisation;
import io.parley.identity.organisation.Organisations;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The people picker's search: people found by part of their name, or of their e-mail address where the directory
 * shows the caller e-mail addresses (ADR 0045). It never shows more than the directory of the person's organisation
 * would (ADR 0006): {@link #match} is that rule, applied to every candidate the database query returns.
 */
@Service
class PeopleSearch {

	private static final Logger log = LoggerFactory.getLogger(PeopleSearch.class);

	private static final int MAX_QUERY_LENGTH = 100;

	private final MongoTemplate mongo;

	private final Organisations organisations;

	private final PeopleSearchProperties properties;

	PeopleSearch(MongoTemplate mongo, Organisations organisations, PeopleSearchProperties properties) {
		this.mongo = mongo;
		this.organisations = organisations;
		this.properties = properties;
	}

	/**
	 * A person as the picker shows them. {@code id} is what adding someone to a workspace takes; {@code email} only
	 * where the directory shows it to the caller (colleagues and the organisation's admins).
	 */
	record PersonMatch(UUID id, String name, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String email,
			String organisationId, String organisationName) {
	}

	/** @param more whether more people matched than the answer lists: type more of the name */
	record PeopleFound(List<PersonMatch> people, boolean more) {
	}

	PeopleFound search(Caller caller, String query) {
		String needle = query.strip();
		if (needle.length() < this.properties.minQueryLength()) {
			throw Problem.invalid("query: type at least " + this.properties.minQueryLength()
					+ " characters of the person's name or e-mail address");
		}
		if (needle.length() > MAX_QUERY_LENGTH) {
			throw Problem.invalid("query: a name or e-mail address is at most " + MAX_QUERY_LENGTH + " characters");
		}
		// The query only narrows what is read; match() decides what is shown, for each person on its own.
		String contains = Pattern.quote(needle);
		Query candidates = new Query(where("status").is(Person.Status.ACTIVE)
			.orOperator(where("name").regex(contains, "i"), where("email").regex(contains, "i")));
		List<Person> found = this.mongo.find(candidates, Person.class);
		Map<String, Organisation> byId = this.organisations.all()
			.stream()
			.collect(Collectors.toMap(Organisation::id, Function.identity()));
		List<PersonMatch> matches = new ArrayList<>();
		for (Person person : found) {
			Organisation organisation = byId.get(person.organisationId());
			if (organisation != null) {
				match(caller, person, organisation, needle).ifPresent(matches::add);
			}
		}
		matches.sort(Comparator.comparing(PersonMatch::name, String.CASE_INSENSITIVE_ORDER)
			.thenComparing(PersonMatch::organisationName));
		boolean more = matches.size() > this.properties.maxResults();
		log.info("People search by {}: {} character(s), {} match(es) shown{}", caller.id(), needle.length(),
				Math.min(matches.size(), this.properties.maxResults()), more ? ", more not shown" : "");
		return new PeopleFound(List.copyOf(matches.subList(0, Math.min(matches.size(), this.properties.maxResults()))),
				more);
	}

	/**
	 * The rule: the person shows if the directory of their organisation lists them to the caller, and then only as
	 * much of them as it does. Only active people (the ones a workspace can take); organisations the caller may see
	 * (active ones, and their own or any for portal admins); the name matches, or the e-mail address does and the
	 * caller is a colleague or an admin of the organisation — an e-mail address the directory does not show the
	 * caller finds nobody, so the search cannot tell an outsider whose address it is.
	 */
	static Optional<PersonMatch> match(Caller caller, Person person, Organisation organisation, String needle) {
		if (person.status() != Person.Status.ACTIVE || !person.organisationId().equals(organisation.id())) {
			return Optional.empty();
		}
		String organisationId = organisation.id();
		if (!organisation.active() && !Access.portalAdmin(caller) && !Access.memberOf(caller, organisationId)) {
			return Optional.empty();
		}
		boolean seesEmail = Access.manages(caller, organisationId) || Access.memberOf(caller, organisationId);
		String wanted = needle.strip().toLowerCase(Locale.ROOT);
		boolean matches = person.name().toLowerCase(Locale.ROOT).contains(wanted)
				|| (seesEmail && person.email().toLowerCase(Locale.ROOT).contains(wanted));
		if (!matches) {
			return Optional.empty();
		}
		return Optional.of(new PersonMatch(person.id(), person.name(), seesEmail ? person.email() : null,
				organisationId, organisation.name()));
	}

}
