package org.multiprocessing4j.internal.progress;

import java.io.PrintStream;
import org.multiprocessing4j.pool.Progress;

/**
 * A one-line console progress bar, redrawn in place with {@code '\r'}: {@code label [#####-----] done/total pct
 * rate ETA}; a count and a rate when the total is unknown. The last snapshot ends the line.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private int lastLength;

    public ProgressBar(PrintStream out) {
        this.out = out;
    }

    /** The line for a snapshot, without the leading carriage return. */
    public static String line(Progress p) {
        StringBuilder b = new StringBuilder(96);
        if (!p.label().isEmpty()) b.append(p.label()).append(' ');
        if (p.total() >= 0) {
            double f = p.fraction().getAsDouble();
            int filled = (int) Math.floor(f * WIDTH);
            b.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
            b.append(p.done()).append('/').append(p.total()).append(' ');
            b.append(String.format("%3d%%", Math.round(f * 100)));
        } else {
            b.append(p.done()).append(" items");
        }
        if (p.failed() > 0) b.append(", ").append(p.failed()).append(" failed");
        b.append("  ").append(ProgressFormat.count(p.rate())).append(" items/s  ");
        b.append(ProgressFormat.clock(p.elapsed()));
        if (!p.finished()) p.eta().ifPresent(e -> b.append(" ETA ").append(ProgressFormat.clock(e)));
        return b.toString();
    }

    /** Redraws the bar for {@code p}; ends the line when {@code p} is the last snapshot. */
    public void draw(Progress p) {
        String s = line(p);
        StringBuilder b = new StringBuilder(s.length() + 8).append('\r').append(s);
        // a shorter line than the last must blank out what the last one left
        if (s.length() < lastLength) b.append(" ".repeat(lastLength - s.length()));
        lastLength = s.length();
        if (p.finished()) b.append(System.lineSeparator());
        out.print(b);
        out.flush();
    }
}
