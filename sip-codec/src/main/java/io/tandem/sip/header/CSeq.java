package io.tandem.sip.header;

import io.tandem.sip.CharClass;
import io.tandem.sip.Lexer;
import io.tandem.sip.SipMethod;

/**
 * CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16). The sequence number must be below 2**31
 * (§8.1.1.5); a larger one is a parse error, which a server answers with 400 (RFC 4475 §3.1.2.4).
 */
public record CSeq(long sequence, SipMethod method) {
    public static CSeq parse(byte[] b, int start, int end) {
        Lexer lx = new Lexer(b, start, end, "CSeq");
        lx.skipLws();
        long n = 0;
        int digits = 0;
        while (CharClass.isDigit(lx.peek())) {
            n = n * 10 + (lx.next() - '0');
            if (++digits > 10 || n >= (1L << 31)) {
                throw lx.error("sequence number is larger than 2**31 - 1");
            }
        }
        if (digits == 0) {
            throw lx.error("sequence number is missing");
        }
        int before = lx.pos();
        lx.skipLws();
        if (lx.pos() == before) {
            throw lx.error("expected white space before the method");
        }
        int ms = lx.pos();
        lx.token();
        SipMethod method = SipMethod.of(lx.bytes(), ms, lx.pos());
        lx.skipLws();
        if (!lx.atEnd()) {
            throw lx.error("unexpected '" + (char) lx.peek() + "' after the method");
        }
        return new CSeq(n, method);
    }

    @Override
    public String toString() {
        return sequence + " " + method;
    }
}
