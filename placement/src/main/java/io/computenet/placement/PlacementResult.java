package io.computenet.placement;

import java.util.List;
import java.util.Optional;

/** Either a placement, or the concrete reasons why none was possible. */
public record PlacementResult(Optional<Placement> placement, List<String> reasons) {

    public PlacementResult {
        reasons = List.copyOf(reasons);
    }

    static PlacementResult placed(Placement placement) {
        return new PlacementResult(Optional.of(placement), List.of());
    }

    static PlacementResult rejected(List<String> reasons) {
        return new PlacementResult(Optional.empty(), reasons);
    }

    public boolean isPlaced() {
        return placement.isPresent();
    }
}
