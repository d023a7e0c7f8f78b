package io.computenet.scheduler.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules that decide whether a Pod phase comes from the watch cache or from one GET. */
class PodPhaseReaderTest {

    private static final String NS = "computenet-leases";

    /** A cache in a given state, holding some Pods. */
    private static final class FakeCache implements PodCache {
        private final boolean synced;
        private final Map<String, Pod> pods = new HashMap<>();

        FakeCache(boolean synced, Pod... pods) {
            this.synced = synced;
            for (Pod pod : pods) {
                this.pods.put(pod.getMetadata().getName(), pod);
            }
        }

        @Override
        public boolean synced() {
            return synced;
        }

        @Override
        public boolean covers(String namespace) {
            return NS.equals(namespace);
        }

        @Override
        public Pod get(String namespace, String name) {
            return pods.get(name);
        }
    }

    /** The API server's answer to a GET, counting the requests. */
    private static final class Server implements Supplier<Pod> {
        private final Pod pod;
        final AtomicInteger gets = new AtomicInteger();

        Server(Pod pod) {
            this.pod = pod;
        }

        @Override
        public Pod get() {
            gets.incrementAndGet();
            return pod;
        }
    }

    private static Pod pod(String name, String phase) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewStatus().withPhase(phase).endStatus().build();
    }

    @Test
    void readsAPodOfASyncedCacheWithoutAskingTheApiServer() {
        // given
        FakeCache cache = new FakeCache(true, pod("lease-a", "Running"));
        Server server = new Server(pod("lease-a", "Running"));

        // when
        PodPhaseReader.Read read = PodPhaseReader.read(cache, NS, "lease-a", server);

        // then
        assertThat(read.phase().phase()).isEqualTo(PodPhase.Phase.RUNNING);
        assertThat(read.source()).isEqualTo(PodPhaseReader.Source.CACHE);
        assertThat(server.gets).hasValue(0);
    }

    @Test
    void trustsTheServerOverAnUnsyncedCache() {
        // given: the cache still holds a stale Pending copy while it lists again
        FakeCache cache = new FakeCache(false, pod("lease-a", "Pending"));
        Server server = new Server(pod("lease-a", "Failed"));

        // when
        PodPhaseReader.Read read = PodPhaseReader.read(cache, NS, "lease-a", server);

        // then
        assertThat(read.phase().phase()).isEqualTo(PodPhase.Phase.FAILED);
        assertThat(read.source()).isEqualTo(PodPhaseReader.Source.API_NO_CACHE);
        assertThat(server.gets).hasValue(1);
    }

    @Test
    void asksTheServerWhenTheRegionIsNotWatched() {
        // given
        Server server = new Server(pod("lease-a", "Running"));

        // when
        PodPhaseReader.Read read = PodPhaseReader.read(null, NS, "lease-a", server);

        // then
        assertThat(read.phase().phase()).isEqualTo(PodPhase.Phase.RUNNING);
        assertThat(read.source()).isEqualTo(PodPhaseReader.Source.API_NO_CACHE);
        assertThat(server.gets).hasValue(1);
    }

    @Test
    void asksTheServerForAPodInANamespaceTheCacheDoesNotWatch() {
        // given: a lease from before the lease namespace was changed
        FakeCache cache = new FakeCache(true);
        Server server = new Server(pod("lease-a", "Running"));

        // when
        PodPhaseReader.Read read = PodPhaseReader.read(cache, "old-leases", "lease-a", server);

        // then
        assertThat(read.phase().phase()).isEqualTo(PodPhase.Phase.RUNNING);
        assertThat(server.gets).hasValue(1);
    }

    @Test
    void doesNotFailAJustCreatedPodTheWatchHasNotDeliveredYet() {
        // given: created a moment ago, on the server but not yet in the synced cache
        FakeCache cache = new FakeCache(true);
        Server server = new Server(pod("lease-new", null));

        // when
        PodPhaseReader.Read read = PodPhaseReader.read(cache, NS, "lease-new", server);

        // then
        assertThat(read.phase().phase()).isEqualTo(PodPhase.Phase.PENDING);
        assertThat(read.source()).isEqualTo(PodPhaseReader.Source.API_CONFIRM_ABSENT);
        assertThat(server.gets).hasValue(1);
    }

    @Test
    void reportsAPodMissingOnlyWhenTheServerConfirmsItsAbsence() {
        // given
        FakeCache cache = new FakeCache(true);
        Server server = new Server(null);

        // when
        PodPhaseReader.Read read = PodPhaseReader.read(cache, NS, "lease-gone", server);

        // then
        assertThat(read.phase().phase()).isEqualTo(PodPhase.Phase.MISSING);
        assertThat(read.phase().detail()).contains("lease-gone");
        assertThat(server.gets).hasValue(1);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "null,PENDING", "Pending,PENDING", "Running,RUNNING", "Succeeded,SUCCEEDED", "Failed,FAILED",
            "Unknown,UNKNOWN"})
    void mapsTheKubernetesPhase(String kubernetesPhase, PodPhase.Phase phase) {
        assertThat(PodPhase.of(pod("lease-a", kubernetesPhase)).phase()).isEqualTo(phase);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void tellsWhyContainersWaitOrHowTheyEnded(boolean waiting) {
        // given
        var status = new ContainerStatusBuilder().withName("workload");
        Pod pod = new PodBuilder(pod("lease-a", waiting ? "Pending" : "Failed")).editStatus()
                .withContainerStatuses(waiting
                        ? status.withNewState().withNewWaiting().withReason("ErrImagePull").endWaiting().endState().build()
                        : status.withNewState().withNewTerminated().withReason("Error").withExitCode(137)
                        .endTerminated().endState().build())
                .endStatus().build();

        // when
        String detail = PodPhase.of(pod).detail();

        // then
        assertThat(detail).isEqualTo(waiting ? "workload: ErrImagePull" : "workload: Error, exit code 137");
    }
}
