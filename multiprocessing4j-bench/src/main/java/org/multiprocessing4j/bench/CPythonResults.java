package org.multiprocessing4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run.py result file: its header and check lines, and its metrics with the group each belongs to (a group's
 * metrics come right before its {@code # check: group=G} line).
 */
record CPythonResults(List<String> comments, Map<String, Row> rows) {
    record Row(String name, double value, String unit, String group) {}

    static CPythonResults empty() {
        return new CPythonResults(List.of(), Map.of());
    }

    static CPythonResults read(Path file) throws IOException {
        List<String> comments = new ArrayList<>();
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String[]> parsed = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            if (line.startsWith("#")) {
                comments.add(line);
                String c = line.substring(1).trim();
                if (c.startsWith("check:")) {
                    String group = c.replaceFirst(".*group=(\\S+).*", "$1");
                    for (String[] f : parsed) rows.put(f[0], new Row(f[0], Double.parseDouble(f[1]), f[2], group));
                    parsed.clear();
                }
                continue;
            }
            String[] f = line.split("\t");
            if (f.length >= 3) parsed.add(f);
        }
        for (String[] f : parsed) rows.put(f[0], new Row(f[0], Double.parseDouble(f[1]), f[2], ""));
        return new CPythonResults(comments, rows);
    }

    double value(String metric) {
        Row r = rows.get(metric);
        return r == null ? Double.NaN : r.value();
    }
}
