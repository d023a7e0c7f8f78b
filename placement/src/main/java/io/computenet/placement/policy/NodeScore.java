package io.computenet.placement.policy;

/**
 * A policy's verdict on one feasible node: the integer score (higher wins, ties go to the node ranked first) and,
 * for a sharing task, the GPU the task would take there.
 *
 * @param score the score; policies that follow the FGD artifact truncate to integers so that near-equal nodes tie
 * @param gpu   GPU index for a sharing task, -1 for CPU-only and whole-GPU tasks
 */
public record NodeScore(int score, int gpu) {
}
