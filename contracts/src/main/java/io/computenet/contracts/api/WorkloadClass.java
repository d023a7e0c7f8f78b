package io.computenet.contracts.api;

/** What a lease's workload is: inference prefers east hubs for latency; training and batch cheaper west hubs. */
public enum WorkloadClass { INFERENCE, TRAINING, BATCH }
