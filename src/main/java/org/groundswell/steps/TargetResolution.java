package org.groundswell.steps;

import java.util.List;

/**
 * The targets of a step for one supporter. When none could be found, {@code notice} says why and
 * {@code fallbackUrl} may point to a page where the supporter can look them up.
 */
public record TargetResolution(List<ResolvedTarget> targets, String notice, String fallbackUrl) {

    public static TargetResolution of(ResolvedTarget target) {
        return new TargetResolution(List.of(target), null, null);
    }

    public static TargetResolution of(List<ResolvedTarget> targets) {
        return new TargetResolution(targets, null, null);
    }

    public static TargetResolution none(String notice, String fallbackUrl) {
        return new TargetResolution(List.of(), notice, fallbackUrl);
    }
}
