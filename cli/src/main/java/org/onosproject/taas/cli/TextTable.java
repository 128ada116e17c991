package org.onosproject.taas.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with left-aligned columns two spaces apart. Empty cells show as "-".
 */
final class TextTable {

    private static final String EMPTY = "-";
    private static final String GAP = "  ";

    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * Creates a table.
     *
     * @param header column titles
     */
    TextTable(String... header) {
        this.header = header.clone();
    }

    /**
     * Adds a row; missing cells are empty, extra cells are ignored.
     *
     * @param cells cell values, null or empty for none
     * @return this table
     */
    TextTable row(Object... cells) {
        String[] row = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            Object cell = i < cells.length ? cells[i] : null;
            String text = cell == null ? "" : oneLine(cell.toString());
            row[i] = text.isEmpty() ? EMPTY : text;
        }
        rows.add(row);
        return this;
    }

    /**
     * Returns the header line followed by one line per row, without trailing blanks.
     *
     * @return lines
     */
    List<String> lines() {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(format(header, width));
        rows.forEach(r -> lines.add(format(r, width)));
        return lines;
    }

    private static String format(String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(GAP);
            }
            sb.append(cells[i]);
            if (i < cells.length - 1) {
                char[] pad = new char[width[i] - cells[i].length()];
                Arrays.fill(pad, ' ');
                sb.append(pad);
            }
        }
        return sb.toString();
    }

    // Names and reasons are free text: keep each row on one line.
    private static String oneLine(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString();
    }
}
