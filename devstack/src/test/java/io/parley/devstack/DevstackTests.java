package io.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DevstackTests {

    @Test
    void givenTheServiceList_whenDevstackStartsThem_thenRolloutsRunsOn8084BeforeTheGateway() {
        assertThat(Devstack.SERVICES).extracting(Devstack.Service::name)
                .containsExactly("identity", "workspace", "notifications", "rollouts", "gateway");
        Devstack.Service rollouts = Devstack.SERVICES.get(3);
        assertThat(rollouts.port()).isEqualTo(8084);
        assertThat(rollouts.readiness()).hasToString("http://127.0.0.1:8084/actuator/health/readiness");
    }

    @Test
    void givenAnyService_whenItsEnvironmentIsBuilt_thenItKnowsEveryBackendsAddressAndItsOwnPort() {
        for (Devstack.Service service : Devstack.SERVICES) {
            Map<String, String> environment = Devstack.serviceEnvironment(service);

            assertThat(environment).containsEntry("SERVER_PORT", String.valueOf(service.port()))
                    .containsEntry("IDENTITY_URI", "http://127.0.0.1:8081")
                    .containsEntry("WORKSPACE_URI", "http://127.0.0.1:8082")
                    .containsEntry("NOTIFICATIONS_URI", "http://127.0.0.1:8083")
                    // the gateway routes /api/rollouts/** there
                    .containsEntry("ROLLOUTS_URI", "http://127.0.0.1:8084");
        }
    }
}
