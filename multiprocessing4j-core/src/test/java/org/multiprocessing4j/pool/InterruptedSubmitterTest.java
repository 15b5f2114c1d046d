package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A submitter with its interrupt status set (an imap feeder being closed, a thread being cancelled) does not break
 * an executor whose workers start on demand: the start runs on its own thread, where no interrupt closes the new
 * worker's channels.
 */
@Timeout(60)
class InterruptedSubmitterTest {
    @Test
    void anInterruptedSubmitterStartsWorkersThatServe() throws Exception {
        try (ProcessPoolExecutor ex = ProcessPoolExecutor.builder().maxWorkers(2).inProcessWorkers().build()) {
            List<CompletableFuture<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread.currentThread().interrupt();
                try {
                    fs.add(ex.submit(Fns::square, i));
                } finally {
                    Thread.interrupted();
                }
            }
            List<Integer> got = new ArrayList<>();
            for (CompletableFuture<Integer> f : fs) got.add(f.get(30, TimeUnit.SECONDS));
            assertEquals(List.of(0, 1, 4, 9), got);
        }
    }
}
