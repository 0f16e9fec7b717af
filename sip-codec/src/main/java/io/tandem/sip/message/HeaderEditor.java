package io.tandem.sip.message;

import io.tandem.sip.CharClass;
import io.tandem.sip.header.NameAddress;
import io.tandem.sip.header.Via;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Header and body edits shared by {@link RequestEditor} and {@link ResponseEditor}. Each edit
 * touches only the header lines it names; every other line is written back byte for byte.
 * An editor is single-use: {@code build()} hands its header table to the new message, so any
 * later call on the editor fails with IllegalStateException (messages are immutable).
 *
 * <p>Text given to {@link #add}, {@link #addFirst} and {@link #set} must not be able to start a
 * new line: names must be tokens, and a value may hold CR or LF only as a fold (CRLF or LF
 * followed by SP or HTAB, RFC 3261 §7.3.1); otherwise IllegalArgumentException. Values rendered
 * from typed objects (Via, NameAddress), which may carry text of the received message, are held
 * to the rule the parser applies: every LF is a fold.
 */
public abstract sealed class HeaderEditor<E extends HeaderEditor<E>> permits RequestEditor, ResponseEditor {
    final SipMessage original;
    final HeaderTable headers;
    byte[] body;
    int bodyStart;
    int bodyLength;
    private boolean built;

    HeaderEditor(SipMessage original) {
        this.original = original;
        this.headers = original.headers.copy(4);
        this.body = original.body;
        this.bodyStart = original.bodyStart;
        this.bodyLength = original.bodyLength;
    }

    @SuppressWarnings("unchecked")
    final E self() {
        return (E) this;
    }

    /** Appends a header line after the existing ones. */
    public E add(String name, String value) {
        checkOpen();
        headers.insert(headers.count, checkName(name), checkValue(name, value), HeaderName.lookup(name));
        return self();
    }

    /**
     * Adds a header line above the first line with this name, or at the top when there is none:
     * where a proxy puts its Via and Record-Route (RFC 3261 §16.6 steps 4 and 8).
     */
    public E addFirst(String name, String value) {
        checkOpen();
        return insertFirst(checkName(name), checkValue(name, value));
    }

    /** Replaces every line with this name by one line holding {@code value} (added if absent). */
    public E set(String name, String value) {
        checkOpen();
        return setLine(checkName(name), checkValue(name, value));
    }

    final E insertFirst(String name, String value) {
        int i = headers.find(name, 0);
        headers.insert(Math.max(i, 0), name, value, HeaderName.lookup(name));
        return self();
    }

    final E setLine(String name, String value) {
        int i = headers.find(name, 0);
        if (i < 0) {
            headers.insert(headers.count, name, value, HeaderName.lookup(name));
            return self();
        }
        headers.replaceValue(i, value);
        for (int j = headers.find(name, i + 1); j >= 0; j = headers.find(name, i + 1)) {
            headers.remove(j);
        }
        return self();
    }

    /** Removes every line with this name. */
    public E remove(String name) {
        checkOpen();
        for (int i = headers.find(name, 0); i >= 0; i = headers.find(name, i)) {
            headers.remove(i);
        }
        return self();
    }

    /**
     * Removes the first value of a comma-list header (the top Via, the first Route): the first
     * line goes if it holds one value, otherwise that line is rewritten with the rest.
     *
     * @return false if there was no such header
     */
    public boolean removeFirstValue(String name) {
        checkOpen();
        int i = headers.find(name, 0);
        if (i < 0) {
            return false;
        }
        List<String> values = new ArrayList<>(2);
        CommaSplitter.split(headers.value(i), values);
        if (values.size() <= 1) {
            headers.remove(i);
        } else {
            headers.replaceValue(i, String.join(", ", values.subList(1, values.size())));
        }
        return true;
    }

    /** Puts a Via on top (RFC 3261 §16.6 step 8). */
    public E pushVia(Via via) {
        checkOpen();
        return insertFirst("Via", rendered("Via", via.toString()));
    }

    /** Removes the top Via (§16.7 step 3: a proxy removes its own Via from a response). */
    public E popVia() {
        removeFirstValue("Via");
        return self();
    }

    /** Replaces the top Via value, e.g. to stamp received/rport on it (§18.2.1, RFC 3581). */
    public E replaceTopVia(Via via) {
        checkOpen();
        int i = headers.find(HeaderName.VIA, 0);
        if (i < 0) {
            return pushVia(via);
        }
        List<String> values = new ArrayList<>(2);
        CommaSplitter.split(headers.value(i), values);
        if (values.isEmpty()) {
            values.add(rendered("Via", via.toString())); // an empty Via line: the new value is all of it
        } else {
            values.set(0, rendered("Via", via.toString()));
        }
        headers.replaceValue(i, String.join(", ", values));
        return self();
    }

    /** Adds a Record-Route on top (§16.6 step 4). */
    public E addRecordRoute(NameAddress rr) {
        checkOpen();
        return insertFirst("Record-Route", rendered("Record-Route", rr.toString()));
    }

    /**
     * Replaces the body; sets Content-Length, and Content-Type when given (null keeps it; an empty
     * body without a type drops Content-Type). The array is not copied: do not modify it afterwards.
     */
    public E body(byte[] newBody, String contentType) {
        checkOpen();
        this.body = newBody;
        this.bodyStart = 0;
        this.bodyLength = newBody.length;
        setLine("Content-Length", Integer.toString(newBody.length));
        if (contentType != null) {
            set("Content-Type", contentType);
        } else if (newBody.length == 0) {
            remove("Content-Type");
        }
        return self();
    }

    public E body(String text, String contentType) {
        return body(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    byte[] separator() {
        return original.separatorSrc;
    }

    /** Parsed value of the first line with this id as the edit stands (earlier edits included), or null. */
    final Object current(int id, SipMessage.SlotParser parser) {
        int i = headers.find(id, 0);
        if (i < 0) {
            return null;
        }
        Object v = headers.cached(i);
        if (v == null) {
            v = parser.parse(headers.src(i), headers.get(i, HeaderTable.VALUE), headers.get(i, HeaderTable.VALUE_END),
                HeaderName.canonical(id));
        }
        return v;
    }

    final void checkOpen() {
        if (built) {
            throw new IllegalStateException("this editor has built its message already");
        }
    }

    /** Ends the edit: the table now belongs to the built message. */
    final HeaderTable finish() {
        checkOpen();
        built = true;
        return headers;
    }

    static String checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 127 || !CharClass.isToken(c)) {
                throw new IllegalArgumentException("header name is not a token: " + name);
            }
        }
        return name;
    }

    /** Text from the caller: CR and LF only as part of a fold, CRLF or LF then SP/HTAB (§7.3.1). */
    static String checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                int lf = c == '\r' ? i + 1 : i;
                if (lf >= value.length() || value.charAt(lf) != '\n' || !foldFollows(value, lf)) {
                    throw new IllegalArgumentException("line break in the value of " + name + " that is not a fold");
                }
                i = lf;
            }
        }
        return value;
    }

    /**
     * A value rendered from a typed object: every LF must be a fold, so the line cannot split when
     * parsed again; a CR inside the line is left as the received message had it.
     */
    static String rendered(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c == '\n' && !foldFollows(value, i)) || (c == '\r' && i == value.length() - 1)) {
                throw new IllegalArgumentException("line break in the value of " + name + " that is not a fold");
            }
        }
        return value;
    }

    private static boolean foldFollows(String v, int i) {
        return i + 1 < v.length() && (v.charAt(i + 1) == ' ' || v.charAt(i + 1) == '\t');
    }
}
