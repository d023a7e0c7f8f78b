package io.computenet.scheduler.decision;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AllocationScopeTest {

    @Test
    void takesEveryTenantLockBeforeAnyRegionLockEachGroupInAscendingKeyOrder() {
        // given: names given in no particular order
        AllocationScope scope = AllocationScope.of(List.of("t-zeta", "t-alpha"), List.of("cn-west-nm", "cn-east-yrd",
                "cn-west-gz"));

        // when
        List<Long> keys = scope.keys();

        // then: two tenant keys, then three region keys, strictly ascending
        assertThat(keys).hasSize(5).isSorted().doesNotHaveDuplicates();
        assertThat(keys.subList(0, 2)).containsExactlyInAnyOrder(AllocationScope.tenantKey("t-zeta"),
                AllocationScope.tenantKey("t-alpha"));
        assertThat(keys.subList(2, 5)).containsExactlyInAnyOrder(AllocationScope.regionKey("cn-west-nm"),
                AllocationScope.regionKey("cn-east-yrd"), AllocationScope.regionKey("cn-west-gz"));
        assertThat(keys.get(1)).isLessThan(keys.get(2));
    }

    @Test
    void twoScopesSharingLocksTakeTheSharedOnesInTheSameRelativeOrder() {
        // given: a request of t-a for any region, and a batch of t-b and t-a in one region
        AllocationScope any = AllocationScope.of(List.of("t-a"), List.of("cn-west-nm", "cn-east-yrd"));
        AllocationScope batch = AllocationScope.of(List.of("t-b"), List.of("cn-east-yrd"))
                .with(AllocationScope.of(List.of("t-a"), List.of("cn-east-yrd")));

        // when
        List<Long> first = any.keys();
        List<Long> second = batch.keys();

        // then: the locks both take come in the same order in both (no cycle, no deadlock)
        List<Long> sharedInFirst = first.stream().filter(second::contains).toList();
        List<Long> sharedInSecond = second.stream().filter(first::contains).toList();
        assertThat(sharedInFirst).containsExactlyElementsOf(sharedInSecond).hasSize(2);
    }

    @Test
    void keysAreStableAndTenantAndRegionOfTheSameNameDiffer() {
        assertThat(AllocationScope.regionKey("cn-east-yrd")).isEqualTo(AllocationScope.regionKey("cn-east-yrd"));
        assertThat(AllocationScope.regionKey("cn-east-yrd")).isNotEqualTo(AllocationScope.regionKey("cn-west-nm"));
        assertThat(AllocationScope.tenantKey("same")).isNotEqualTo(AllocationScope.regionKey("same"));
        assertThat(AllocationScope.tenantKey("same")).isLessThan(AllocationScope.regionKey("same"));
    }

    @Test
    void aRequestWithARegionLocksThatRegionAndOneWithoutEveryRegionOfTheFleet() {
        Set<String> fleet = Set.of("cn-east-yrd", "cn-west-nm");
        assertThat(AllocationScope.regionsFor("cn-west-gz", fleet)).containsExactly("cn-west-gz");
        assertThat(AllocationScope.regionsFor(null, fleet)).containsExactly("cn-east-yrd", "cn-west-nm");
    }

    @Test
    void aDrainLocksItsRegionAndNoTenant() {
        AllocationScope drain = AllocationScope.region("cn-west-nm");
        assertThat(drain.keys()).containsExactly(AllocationScope.regionKey("cn-west-nm"));
        assertThat(AllocationScope.of(List.of("t"), List.of("cn-west-nm", "cn-east-yrd")).covers(drain)).isTrue();
        assertThat(drain.covers(AllocationScope.of(List.of("t"), List.of("cn-west-nm")))).isFalse();
    }
}
