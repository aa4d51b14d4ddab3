"""grpc.health.v1 through python3-grpcio: what load balancers and Kubernetes gRPC probes ask."""

import unittest

import grpc

from interop import TIMEOUT, HubTestCase, health_v1_pb2, health_v1_pb2_grpc


class HealthTests(HubTestCase):

    def health(self):
        return health_v1_pb2_grpc.HealthStub(self.channel)

    def test_check_answers_serving_while_the_storage_is_reachable(self):
        response = self.health().Check(health_v1_pb2.HealthCheckRequest(), timeout=TIMEOUT)

        self.assertEqual(health_v1_pb2.HealthCheckResponse.SERVING, response.status)

    def test_watch_sends_the_current_status_first(self):
        call = self.health().Watch(health_v1_pb2.HealthCheckRequest(), timeout=TIMEOUT)
        self.addCleanup(call.cancel)

        self.assertEqual(health_v1_pb2.HealthCheckResponse.SERVING, next(call).status)

    def test_check_of_an_unknown_service_is_not_found(self):
        self.assertStatus(grpc.StatusCode.NOT_FOUND, self.health().Check, health_v1_pb2.HealthCheckRequest(service="no.such.Service"))


if __name__ == "__main__":
    unittest.main()
