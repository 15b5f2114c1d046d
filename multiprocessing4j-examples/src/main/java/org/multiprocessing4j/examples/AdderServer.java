package org.multiprocessing4j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;

/**
 * The seed's adder server over a duplex pipe: the client (the parent) sends pairs of numbers, the server (a child)
 * answers each with their sum, and stops when it receives the sentinel {@code null}.
 *
 * <pre>java ... org.multiprocessing4j.examples.AdderServer [pairs=4]</pre>
 */
public final class AdderServer {
    private AdderServer() {}

    /** Runs in the child: answers every pair with its sum until the sentinel. */
    static void serve(Connection conn) {
        try (conn) {
            int served = 0;
            for (Object msg; (msg = conn.recv()) != null; served++) {
                long[] pair = (long[]) msg;
                conn.send(pair[0] + pair[1]);
            }
            System.out.println("server: sentinel received after " + served + " pairs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the example from the command line.
     *
     * @param args {@code [pairs]}, how many pairs to send (default 4)
     * @throws Exception if the pipe fails or the wait is interrupted
     */
    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        try (Pipe pipe = Pipe.open(true)) {
            JvmProcess server = JvmProcess.of(AdderServer::serve, pipe.second());
            server.start();
            Connection client = pipe.first();
            for (long a = 1; a <= pairs; a++) {
                long b = a * 10;
                client.send(new long[] {a, b});
                System.out.println(a + " + " + b + " = " + client.recv());
            }
            client.send(null); // the sentinel
            server.join();
            System.out.println("server exit code " + server.exitCode().getAsInt());
        }
    }
}
