package org.multiprocessing4j.examples;

import java.io.EOFException;
import java.io.IOException;

import org.multiprocessing4j.JvmProcess;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;

/**
 * The seed's pipe consumer: a child receives items until the end of the stream. The parent produces the items and
 * then closes its sending end, which the child sees as {@link EOFException} once it has read everything.
 *
 * <pre>java ... org.multiprocessing4j.examples.PipeConsumer [items=5]</pre>
 */
public final class PipeConsumer {
    private PipeConsumer() {}

    /** Runs in the child: prints every item, stops at the end of the stream. */
    static void consume(Connection in) {
        int n = 0;
        try (in) {
            while (true) {
                Object item = in.recv();
                System.out.println("consumed " + item);
                n++;
            }
        } catch (EOFException e) {
            System.out.println("end of stream after " + n + " items");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the example from the command line.
     *
     * @param args {@code [items]}, how many items to send (default 5)
     * @throws Exception if the pipe fails or the wait is interrupted
     */
    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Pipe pipe = Pipe.open(false); // first() receives, second() sends
        JvmProcess consumer = JvmProcess.of(PipeConsumer::consume, pipe.first());
        consumer.start();
        pipe.first().close(); // the child has its own copy of the receiving end
        try (Connection out = pipe.second()) {
            for (int i = 1; i <= items; i++) out.send("item-" + i);
        } // closing the only sending end is what ends the consumer's loop
        consumer.join();
        System.out.println("consumer exit code " + consumer.exitCode().getAsInt());
    }
}
