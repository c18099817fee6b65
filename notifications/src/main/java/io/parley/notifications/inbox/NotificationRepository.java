package io.parley.notifications.inbox;

import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.mongodb.repository.MongoRepository;

interface NotificationRepository extends MongoRepository<Notification, UUID> {

	Page<Notification> findByRecipientIdOrderByCreatedAtDesc(String recipientId, Pageable pageable);

	long countByRecipientIdAndReadAtIsNull(String recipientId);

}
