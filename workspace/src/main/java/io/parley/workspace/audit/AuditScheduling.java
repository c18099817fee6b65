package io.parley.workspace.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs {@link AuditOutbox#sweep()} on Spring's scheduler. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditScheduling {

}
