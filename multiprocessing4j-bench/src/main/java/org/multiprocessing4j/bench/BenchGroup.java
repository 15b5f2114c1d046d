package org.multiprocessing4j.bench;

/** One group of run.py's metrics, mirrored workload for workload (same name as the CPython group). */
public interface BenchGroup {
    String name();

    void run(Reporter r) throws Exception;
}
