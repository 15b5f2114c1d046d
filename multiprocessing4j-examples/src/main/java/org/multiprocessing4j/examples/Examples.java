package org.multiprocessing4j.examples;

import java.util.Arrays;
import java.util.Map;

/**
 * The fat jar's entry point: {@code java -jar multiprocessing4j-examples-*-all.jar <example> [args...]}.
 */
public final class Examples {
    private interface Main {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Main> ALL = Map.of(
            "clock", Clock::main,
            "clock-process", ClockProcess::main,
            "pipe-consumer", PipeConsumer::main,
            "adder-server", AdderServer::main,
            "launch-check", LaunchCheck::main);

    private Examples() {}

    public static void main(String[] args) throws Exception {
        Main m = args.length == 0 ? null : ALL.get(args[0]);
        if (m == null) {
            System.err.println("usage: java -jar <this jar> <example> [args...]; examples: " + ALL.keySet());
            System.exit(2);
        }
        m.run(Arrays.copyOfRange(args, 1, args.length));
    }
}
