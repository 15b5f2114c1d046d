package org.multiprocessing4j.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;

import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.managers.Manager;

/**
 * A Manager-backed shared map updated by several processes: each worker counts words of its share of the text into
 * one map held by the manager, under the manager's lock (a read-modify-write across processes needs one).
 */
public final class ManagerSharedMap {
    private ManagerSharedMap() {}

    static void countWords(Map<String, Integer> counts, Lock lock, List<String> words) {
        for (String w : words) {
            lock.lock();
            try {
                counts.merge(w, 1, Integer::sum); // a default method with a lambda: runs here, over get and put
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Counts {@code words} with {@code workers} processes.
     *
     * @param words the words
     * @param workers how many processes
     * @return word → count
     * @throws InterruptedException if interrupted while waiting for the processes
     */
    public static Map<String, Integer> run(List<String> words, int workers) throws InterruptedException {
        try (Manager manager = Manager.start()) {
            Map<String, Integer> counts = manager.map();
            Lock lock = manager.lock();
            List<JvmProcess> ps = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                List<String> share = new ArrayList<>();
                for (int j = i; j < words.size(); j += workers) share.add(words.get(j));
                JvmProcess p = new JvmProcess(() -> countWords(counts, lock, share));
                ps.add(p);
                p.start();
            }
            for (JvmProcess p : ps) {
                if (!p.join(Duration.ofMinutes(2)) || p.exitCode().orElse(-1) != 0) throw new IllegalStateException(p + " failed");
                p.close();
            }
            return new TreeMap<>(counts);
        }
    }

    /**
     * Runs the example from the command line.
     *
     * @param args none
     * @throws InterruptedException if interrupted while waiting for the children
     */
    public static void main(String[] args) throws InterruptedException {
        List<String> words = List.of("to be or not to be that is the question whether tis nobler in the mind to suffer"
                .split(" "));
        System.out.println(run(words, 3));
    }
}
