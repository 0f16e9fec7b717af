package io.tandem.observability.flow;

import io.tandem.edgeport.transport.MessageTap;
import io.tandem.observability.capture.CapturedMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A call's flow as a text ladder diagram: one column per peer and one for Tandem (all its own
 * addresses), the caller's first; one line per message with its time since the first, an arrow
 * from sender to receiver labelled with the method or the status, and the transport.
 */
public final class Ladder {
    private static final int WIDTH = 24;
    private static final String TANDEM = "tandem";

    private Ladder() {
    }

    public static String of(CallFlows.Flow flow) {
        List<String> columns = new ArrayList<>();
        for (CapturedMessage m : flow.messages()) {
            String peer = FlowJson.address(m.remote());
            if (columns.isEmpty()) {
                if (m.direction() == MessageTap.Direction.IN) {
                    columns.add(peer);
                    columns.add(TANDEM);
                } else {
                    columns.add(TANDEM);
                    columns.add(peer);
                }
            } else if (!columns.contains(peer)) {
                columns.add(peer);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("Call-ID ").append(flow.callId()).append(" (").append(flow.messages().size()).append(" messages")
            .append(flow.omitted() > 0 ? ", " + flow.omitted() + " more not recorded" : "").append(")\n");
        String prefix = " ".repeat(12);
        StringBuilder head = new StringBuilder(prefix);
        for (String c : columns) {
            head.append(center(c.length() > WIDTH - 2 ? c.substring(0, WIDTH - 2) : c, WIDTH));
        }
        out.append(head.toString().stripTrailing()).append('\n');
        long t0 = flow.messages().isEmpty() ? 0 : flow.messages().get(0).epochMicros();
        for (CapturedMessage m : flow.messages()) {
            int peer = columns.indexOf(FlowJson.address(m.remote()));
            int us = columns.indexOf(TANDEM);
            boolean in = m.direction() == MessageTap.Direction.IN;
            out.append(String.format("%9.3fms ", (m.epochMicros() - t0) / 1000.0));
            out.append(arrow(columns.size(), in ? peer : us, in ? us : peer, label(m))).append("  ").append(m.transport())
                .append('\n');
        }
        return out.toString();
    }

    /** The request's method, or the response's code and reason. */
    static String label(CapturedMessage m) {
        String line = m.firstLine();
        if (line.startsWith("SIP/")) {
            int sp = line.indexOf(' ');
            return sp < 0 ? line : line.substring(sp + 1);
        }
        int sp = line.indexOf(' ');
        return sp < 0 ? line : line.substring(0, sp);
    }

    private static String arrow(int n, int from, int to, String label) {
        char[] row = new char[n * WIDTH];
        java.util.Arrays.fill(row, ' ');
        for (int i = 0; i < n; i++) {
            row[i * WIDTH + WIDTH / 2] = '|';
        }
        int a = Math.min(from, to) * WIDTH + WIDTH / 2;
        int b = Math.max(from, to) * WIDTH + WIDTH / 2;
        for (int x = a + 1; x < b; x++) {
            row[x] = '-';
        }
        if (to > from) {
            row[b - 1] = '>';
        } else {
            row[a + 1] = '<';
        }
        int room = b - a - 4;
        String l = label.length() > room ? label.substring(0, Math.max(0, room)) : label;
        int start = a + 1 + (b - a - 1 - l.length()) / 2;
        for (int i = 0; i < l.length(); i++) {
            row[start + i] = l.charAt(i);
        }
        return new String(row).stripTrailing();
    }

    private static String center(String s, int width) {
        int left = (width - s.length()) / 2;
        return " ".repeat(Math.max(0, left)) + s + " ".repeat(Math.max(0, width - left - s.length()));
    }
}
