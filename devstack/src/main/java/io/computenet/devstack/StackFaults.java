package io.computenet.devstack;

/**
 * The faults the fault suite applies to a running {@link DevStack}: each acts in place (same ports, same data) and
 * returns once the fault is applied; the services recover on their own, or the suite has found a bug.
 */
public final class StackFaults {

    private final DevStack stack;

    StackFaults(DevStack stack) {
        this.stack = stack;
    }

    /**
     * Stops PostgreSQL (a fast shutdown) and starts it again on the same port and data directory; returns once it
     * accepts connections. The services lose their connections and must get new ones.
     */
    public void restartPostgres() {
        DevStack.log("restarting PostgreSQL on port " + stack.options().postgresPort());
        PostgresServer postgres = stack.postgres();
        postgres.restart();
        postgres.pid().ifPresent(pid -> stack.recordPid("postgres", pid));
    }

    /** Stops the broker and starts it again on the same ports, log directory and credentials. */
    public void restartKafka() {
        DevStack.log("restarting Kafka on port " + stack.options().kafkaPort());
        KafkaBroker kafka = stack.kafka();
        kafka.stopProcess();
        kafka.startProcess();
        stack.recordPid("kafka", kafka.pid());
    }

    /**
     * Kills a service with SIGKILL, as a crash would: no shutdown, nothing flushed, no offsets committed. Scheduler,
     * billing and the portal only.
     */
    public void killService(String module) {
        ServiceProcess service = stack.restartable(module);
        DevStack.log("killing " + module + " (pid " + service.pid() + ") with SIGKILL");
        service.kill();
    }

    /**
     * Launches a killed or stopped service again on its port with its configuration and memory settings, without
     * waiting for it: {@link ServiceProcess#awaitReady} or a readiness poll tells when it is back. Scheduler, billing
     * and the portal only: the node agent's start enrols a fresh fleet.
     */
    public ServiceProcess restartService(String module) {
        ServiceProcess old = stack.restartable(module);
        if (old.isAlive()) {
            throw new IllegalStateException(module + " still runs (pid " + old.pid() + ")");
        }
        DevStack.log("restarting " + module + " on port " + old.port());
        return stack.relaunch(module);
    }

    /** Partitions the simulated fleet's node agent from Kafka: its connections drop, it cannot reconnect. */
    public void partitionNodeAgent() {
        DevStack.log("partitioning the node agent from Kafka");
        stack.kafka().cutPath();
    }

    /** Ends {@link #partitionNodeAgent()}: the agent reaches the broker again. */
    public void healNodeAgentPartition() {
        DevStack.log("healing the node agent's partition from Kafka");
        stack.kafka().restorePath();
    }
}
