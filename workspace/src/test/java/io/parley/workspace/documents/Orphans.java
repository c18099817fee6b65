package io.parley.workspace.documents;

import java.util.HashSet;
import java.util.Set;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.bson.types.ObjectId;

/** GridFS content that no version refers to: what an aborted upload must not leave behind. */
final class Orphans {

	private Orphans() {
	}

	static Set<ObjectId> in(MongoDatabase database) {
		Set<ObjectId> stored = new HashSet<>();
		database.getCollection(DocumentContents.CHUNKS).distinct("files_id", ObjectId.class).into(stored);
		database.getCollection(DocumentContents.FILES).distinct("_id", ObjectId.class).into(stored);
		for (Document document : database.getCollection("documents").find()) {
			for (Document version : document.getList("versions", Document.class)) {
				stored.remove(version.getObjectId("contentId"));
			}
		}
		return stored;
	}

}
