package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;

/** The behaviour of CPython's {@code _TestSubclassingProcess}: a process class that overrides {@code run()}. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SubclassingProcessTest {
    @TempDir
    Path tmp;

    @AfterEach
    void noJvmLeft() {
        Jvms.assertNoLiveDescendants();
    }

    /** Upper-cases strings sent to it until it receives null. Its state travels to the child as fields. */
    static final class UpperCaser extends JvmProcess {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Connection childEnd;
        private final transient Connection parentEnd; // stays in the parent
        private final Locale locale = Locale.ROOT;
        private int served;

        UpperCaser() throws IOException {
            Pipe p = Pipe.open();
            this.childEnd = p.first();
            this.parentEnd = p.second();
        }

        @Override
        public void run() {
            try {
                for (Object s; (s = childEnd.recv()) != null; served++) {
                    childEnd.send(((String) s).toUpperCase(locale));
                }
                childEnd.send("served " + served);
                childEnd.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String submit(String s) throws IOException {
            parentEnd.send(s);
            return (String) parentEnd.recv();
        }

        String stop() throws IOException {
            parentEnd.send(null);
            String summary = (String) parentEnd.recv();
            parentEnd.close();
            return summary;
        }
    }

    @Test
    void aSubclassRunsItsOwnRunWithItsFields() throws Exception {
        UpperCaser u = new UpperCaser();
        assertTrue(u.name().startsWith("UpperCaser-"), u.name());
        u.daemon(true);
        u.start();
        u.childEnd.close(); // the child has its own end now, as in Python
        assertEquals("HELLO", u.submit("hello"));
        assertEquals("WORLD", u.submit("world"));
        assertEquals("served 2", u.stop());
        assertTrue(u.join(Duration.ofSeconds(30)));
        assertEquals(0, u.exitCode().getAsInt());
        assertTrue(u.toString().startsWith("<UpperCaser name='UpperCaser-"), u.toString());
    }

    /** Fails in run(); its stderr goes to a file so the test can read the trace. */
    static final class Failing extends JvmProcess {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public void run() {
            int zero = Integer.parseInt("0");
            System.out.println(1 / zero); // MARKER
        }
    }

    @Test
    void theWholeStackTraceReachesStderr() throws Exception {
        Path err = tmp.resolve("err.txt");
        Failing p = new Failing();
        p.redirectError(Redirect.to(err.toFile()));
        p.start();
        assertTrue(p.join(Duration.ofSeconds(30)));
        assertEquals(1, p.exitCode().getAsInt());
        String text = Jvms.read(err);
        assertTrue(text.contains("java.lang.ArithmeticException: / by zero"), text);
        assertTrue(text.contains("SubclassingProcessTest$Failing.run(SubclassingProcessTest.java:"), text);
    }

    /** Ends with the code it was built with. */
    static final class Exiting extends JvmProcess {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int code;

        Exiting(int code) {
            this.code = code;
        }

        @Override
        public void run() {
            throw new SystemExit(code);
        }
    }

    @Test
    void systemExitFromRun() throws Exception {
        Exiting a = new Exiting(3);
        Exiting b = new Exiting(0);
        a.start();
        b.start();
        assertTrue(a.join(Duration.ofSeconds(30)));
        assertTrue(b.join(Duration.ofSeconds(30)));
        assertEquals(3, a.exitCode().getAsInt());
        assertEquals(0, b.exitCode().getAsInt());
    }

    /** Holds something that cannot cross a process boundary. */
    static final class Unsendable extends JvmProcess {
        @Serial
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("unused")
        private final Object lock = new Object();

        @Override
        public void run() {}
    }

    @Test
    void aFieldThatCannotBeSerializedFailsStartWithItsName() {
        Unsendable p = new Unsendable();
        ProcessStartException e = assertThrows(ProcessStartException.class, p::start);
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertTrue(e.getMessage().contains("'lock'"), e.getMessage());
        assertFalse(p.isAlive());
        assertTrue(p.pid().isEmpty(), "nothing was launched");
    }
}
