package org.multiprocessing4j.examples;

import java.util.List;
import java.util.stream.IntStream;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.pool.Pool;

/**
 * Seed 001's pool: {@code do_calculation} doubles its input, the initializer {@code start_process} announces each
 * worker, {@code maxtasksperchild=3} retires workers after three tasks. Python:
 *
 * <pre>
 * pool = multiprocessing.Pool(processes=pool_size, initializer=start_process, maxtasksperchild=3)
 * pool_outputs = pool.map(do_calculation, inputs)
 * pool.close(); pool.join()
 * </pre>
 *
 * Java: the same, with {@code shutdown()} for Python's {@code close()}.
 */
public final class PoolWorkers {
    private PoolWorkers() {}

    static int doCalculation(int data) {
        return data * 2;
    }

    static void startProcess() {
        System.out.println("Starting " + Multiprocessing.currentProcess().name());
    }

    /**
     * Runs the example with {@code poolSize} workers over 0..n-1.
     *
     * @param poolSize how many worker JVMs
     * @param n how many inputs
     * @return the pool's outputs, in input order
     * @throws InterruptedException if interrupted while waiting for the pool
     */
    public static List<Integer> run(int poolSize, int n) throws InterruptedException {
        List<Integer> inputs = IntStream.range(0, n).boxed().toList();
        System.out.println("Input   : " + inputs);
        List<Integer> builtin = inputs.stream().map(PoolWorkers::doCalculation).toList();
        System.out.println("Built-in: " + builtin);
        Pool pool = Pool.builder().processes(poolSize).initializer(PoolWorkers::startProcess).maxTasksPerChild(3).build();
        List<Integer> poolOutputs = pool.map(PoolWorkers::doCalculation, inputs);
        pool.shutdown(); // Python's pool.close()
        pool.join();
        System.out.println("Pool    : " + poolOutputs);
        return poolOutputs;
    }

    /**
     * Runs the example from the command line.
     *
     * @param args none
     * @throws InterruptedException if interrupted while waiting for the pool
     */
    public static void main(String[] args) throws InterruptedException {
        run(Multiprocessing.cpuCount() * 2, 10);
    }
}
