package io.computenet.scheduler.lease;

import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Hands concurrent callers' items to one thread that handles them in batches: the items that arrive while a batch
 * runs wait, then go together in the next one (at most {@code maxBatch}), so a transaction, a lock and a commit are
 * paid once per batch instead of once per item. Each caller still gets exactly its own answer: its value, or the
 * exception its item was refused with. A batch that fails as a whole (anything the batch function throws) is tried
 * again one item at a time, so one bad item cannot fail the others; an unexpected error never leaves a caller
 * waiting, and after {@link #stop} callers get {@code unavailable}.
 *
 * @param <I> an item
 * @param <O> the answer to one item
 */
final class Batcher<I, O> {

    private static final Logger LOG = Logger.getLogger(Batcher.class);

    /** The answer to one item of a batch: its value, or why it was refused (as it would be alone). */
    record Result<O>(O value, RuntimeException refused) {
    }

    private final String name;
    private final int maxBatch;
    private final Function<List<I>, List<Result<O>>> all;
    private final Function<I, O> one;
    private final Supplier<RuntimeException> unavailable;
    private final Consumer<Integer> batchSize;
    private final LinkedBlockingQueue<Pending<I, O>> waiting = new LinkedBlockingQueue<>();
    private Thread worker;
    private boolean stopped;

    private record Pending<I, O>(I item, CompletableFuture<O> result) {
    }

    /**
     * @param name        the worker thread's name, and what the log calls the items
     * @param all         handles a batch (in one transaction), one result per item in order
     * @param one         handles one item on its own (its own transaction), for a batch that failed as a whole
     * @param batchSize   told the size of every batch
     * @param unavailable what callers get once stopped
     */
    Batcher(String name, int maxBatch, Function<List<I>, List<Result<O>>> all, Function<I, O> one,
            Consumer<Integer> batchSize, Supplier<RuntimeException> unavailable) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.all = all;
        this.one = one;
        this.batchSize = batchSize;
        this.unavailable = unavailable;
    }

    /** Handles the item in the next batch; returns its value or throws what it was refused with. */
    O submit(I item) {
        Pending<I, O> pending = new Pending<>(item, new CompletableFuture<>());
        synchronized (this) {
            if (stopped) {
                throw unavailable.get();
            }
            waiting.add(pending);
            if (worker == null) {
                worker = new Thread(this::run, name);
                worker.setDaemon(true);
                worker.start();
            }
        }
        try {
            return pending.result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable.get();
        }
    }

    private void run() {
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                batch.add(waiting.take());
            } catch (InterruptedException e) {
                return;
            }
            waiting.drainTo(batch, maxBatch - 1);
            try {
                handle(batch);
            } catch (RuntimeException | Error e) {
                // never leave a caller waiting, and keep taking items
                LOG.errorf(e, "a batch of %d %s failed unexpectedly", batch.size(), name);
                batch.forEach(p -> p.result().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    private void handle(List<Pending<I, O>> batch) {
        batchSize.accept(batch.size());
        List<Result<O>> results;
        try {
            results = all.apply(batch.stream().map(Pending::item).toList());
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                LOG.warnf(e, "a batch of %d %s failed as a whole; trying each on its own", batch.size(), name);
            }
            for (Pending<I, O> p : batch) {
                try {
                    p.result().complete(one.apply(p.item()));
                } catch (RuntimeException | Error alone) {
                    p.result().completeExceptionally(alone);
                }
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Result<O> result = results.get(i);
            if (result.refused() != null) {
                batch.get(i).result().completeExceptionally(result.refused());
            } else {
                batch.get(i).result().complete(result.value());
            }
        }
    }

    /** Items waiting for the next batch (for tests). */
    int waitingCount() {
        return waiting.size();
    }

    /** Stops taking items: the batch running finishes, callers still waiting get {@code unavailable}. */
    void stop() {
        Thread running;
        synchronized (this) {
            stopped = true;
            running = worker;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Pending<I, O>> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(p -> p.result().completeExceptionally(unavailable.get()));
    }
}
