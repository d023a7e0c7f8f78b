package io.computenet.placement.gang;

import java.util.List;
import java.util.Optional;

/**
 * The gang planner's answer: a placement of every member, or none with the reasons.
 *
 * @param mostNodesFitting the most nodes that fit in any one cluster now (equal to the gang's size when placed)
 */
public record GangResult(Optional<GangPlacement> placement, List<String> reasons, int mostNodesFitting) {

    public GangResult {
        reasons = List.copyOf(reasons);
    }

    public boolean isPlaced() {
        return placement.isPresent();
    }
}
