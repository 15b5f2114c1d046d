package org.multiprocessing4j.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.multiprocessing4j.pool.AsyncResult;
import org.multiprocessing4j.pool.Pool;

/**
 * Seed 000's {@code map_async} over {@code range(123)} with 4 workers: the default chunksize is
 * {@code ceil(123 / (4 * 4)) = 8}, so the input is cut into 16 chunks of 8 (the last has 3), each chunk runs in one
 * worker, and the results come back in input order whatever order the chunks complete in.
 */
public final class MapAsyncChunks {
    private MapAsyncChunks() {}

    /** (x squared, pid of the worker that computed it). */
    static long[] squareWhere(int x) {
        return new long[] {(long) x * x, ProcessHandle.current().pid()};
    }

    /**
     * What the run shows: the results in order and the chunks (start index → items) with their worker.
     *
     * @param results the squares, in input order
     * @param chunks each chunk's first index → the indexes it holds
     * @param chunkWorker each chunk's first index → the pid of the worker that computed it
     * @param eachChunkInOneWorker whether every item of a chunk was computed by the same worker
     */
    public record Outcome(List<Long> results, Map<Integer, List<Integer>> chunks, Map<Integer, Long> chunkWorker,
                          boolean eachChunkInOneWorker) {}

    /**
     * Runs {@code mapAsync} over {@code range(123)} on 4 worker JVMs.
     *
     * @return what it showed
     * @throws Exception if the map fails
     */
    public static Outcome run() throws Exception {
        List<Integer> input = IntStream.range(0, 123).boxed().toList();
        try (Pool pool = new Pool(4)) {
            AsyncResult<List<long[]>> r = pool.mapAsync(MapAsyncChunks::squareWhere, input);
            List<long[]> out = r.get();
            List<Long> results = new ArrayList<>();
            Map<Integer, List<Integer>> chunks = new LinkedHashMap<>();
            Map<Integer, Long> worker = new LinkedHashMap<>();
            // a chunk (chunksize 8) is one task: its items are computed by one worker, one after the other
            boolean oneWorker = true;
            for (int i = 0; i < out.size(); i++) {
                results.add(out.get(i)[0]);
                int start = i / 8 * 8;
                chunks.computeIfAbsent(start, k -> new ArrayList<>()).add(i);
                worker.putIfAbsent(start, out.get(i)[1]);
                oneWorker &= worker.get(start) == out.get(i)[1];
            }
            return new Outcome(results, chunks, worker, oneWorker);
        }
    }

    /**
     * Runs the example from the command line.
     *
     * @param args none
     * @throws Exception if the map fails
     */
    public static void main(String[] args) throws Exception {
        Outcome o = run();
        System.out.println(o.chunks().size() + " chunks:");
        o.chunks().forEach((start, items) -> System.out.println("  items " + items.getFirst() + ".." + items.getLast()
                + " (" + items.size() + ") in worker pid " + o.chunkWorker().get(start)));
        System.out.println("results in order: " + o.results());
    }
}
