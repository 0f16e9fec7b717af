package io.tandem.sip.message;

import static io.tandem.sip.message.Msgs.INVITE;
import static io.tandem.sip.message.Msgs.bytes;
import static io.tandem.sip.message.Msgs.crlf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.sip.SipParseException;
import io.tandem.sip.message.StreamFramer.Result;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** StreamFramer: messages cut out of a byte stream by Content-Length (RFC 3261 §18.3, RFC 5626 §3.5.1). */
class StreamFramerTest {

    /** A connection's receive buffer: bytes arrive in pieces, framed elements are consumed. */
    private static final class Conn {
        final StreamFramer framer;
        final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();

        Conn(int max) {
            framer = new StreamFramer(max);
        }

        void receive(byte[] b, int off, int len) {
            pending.write(b, off, len);
            while (true) {
                byte[] buf = pending.toByteArray();
                // parse at an offset, as a real connection buffer would
                byte[] shifted = new byte[buf.length + 3];
                System.arraycopy(buf, 0, shifted, 3, buf.length);
                Result r = framer.next(shifted, 3, buf.length);
                if (r == Result.NEED_MORE) {
                    return;
                }
                int n = framer.length();
                if (r == Result.MESSAGE) {
                    SipMessage m = SipParser.parseFrame(shifted, 3, n);
                    events.add("MESSAGE:" + Msgs.text(m.toBytes()));
                } else {
                    events.add(r + ":" + n);
                }
                pending.reset();
                pending.write(buf, n, buf.length - n);
            }
        }
    }

    @Test
    void wholeMessageInOneBuffer() {
        StreamFramer f = new StreamFramer(65536);
        byte[] b = bytes(INVITE);
        assertThat(f.next(b, 0, b.length)).isEqualTo(Result.MESSAGE);
        assertThat(f.length()).isEqualTo(b.length);
        assertThat(SipParser.parseFrame(b, 0, f.length()).bodyText()).isEqualTo("v=0\n");
    }

    @Test
    void everySplitIntoTwoPiecesYieldsTheSameFrame() {
        byte[] b = bytes(INVITE);
        for (int cut = 0; cut <= b.length; cut++) {
            Conn c = new Conn(65536);
            c.receive(b, 0, cut);
            if (cut < b.length) {
                assertThat(c.events).as("cut at %d", cut).isEmpty();
            }
            c.receive(b, cut, b.length - cut);
            assertThat(c.events).as("cut at %d", cut).containsExactly("MESSAGE:" + INVITE);
            assertThat(c.pending.size()).isZero();
        }
    }

    @Test
    void everySplitWithBareLfAndCompactLength() {
        String text = "MESSAGE sip:x@example.com SIP/2.0\nl: 5\nCall-ID: c\n\nhello";
        byte[] b = bytes(text);
        for (int cut = 0; cut <= b.length; cut++) {
            Conn c = new Conn(65536);
            c.receive(b, 0, cut);
            c.receive(b, cut, b.length - cut);
            assertThat(c.events).as("cut at %d", cut).containsExactly("MESSAGE:" + text);
        }
    }

    @Test
    void byteByByte() {
        byte[] b = bytes(INVITE + "\r\n\r\n" + INVITE);
        Conn c = new Conn(65536);
        for (int i = 0; i < b.length; i++) {
            c.receive(b, i, 1);
        }
        assertThat(c.events).containsExactly("MESSAGE:" + INVITE, "PING:4", "MESSAGE:" + INVITE);
    }

    @Test
    void twoMessagesBackToBack() {
        String second = crlf("SIP/2.0 200 OK", "Content-Length: 0", "");
        byte[] b = bytes(INVITE + second);
        StreamFramer f = new StreamFramer(65536);
        assertThat(f.next(b, 0, b.length)).isEqualTo(Result.MESSAGE);
        int first = f.length();
        assertThat(first).isEqualTo(bytes(INVITE).length);
        assertThat(f.next(b, first, b.length - first)).isEqualTo(Result.MESSAGE);
        assertThat(f.length()).isEqualTo(bytes(second).length);
        assertThat(((SipResponse) SipParser.parseFrame(b, first, f.length())).status()).isEqualTo(200);
    }

    @Test
    void bodyFramedByContentLengthNotByTheBuffer() {
        String msg = crlf("MESSAGE sip:x@example.com SIP/2.0", "Content-Length: 10", "") + "0123456789";
        byte[] b = bytes(msg + "NEXT");
        StreamFramer f = new StreamFramer(65536);
        assertThat(f.next(b, 0, b.length - 4 - 3)).isEqualTo(Result.NEED_MORE);
        assertThat(f.length()).isZero();
        assertThat(f.next(b, 0, b.length)).isEqualTo(Result.MESSAGE);
        assertThat(f.length()).isEqualTo(msg.length());
        assertThat(SipParser.parseFrame(b, 0, f.length()).bodyText()).isEqualTo("0123456789");
    }

    @ParameterizedTest
    @ValueSource(strings = {"l: 3", "L:3", "l :  3", "Content-Length: 3", "content-length:\t3", "CONTENT-LENGTH : 3"})
    void contentLengthInAnyForm(String header) {
        byte[] b = bytes(crlf("MESSAGE sip:x@example.com SIP/2.0", "X-L: 9", header, "") + "abcXYZ");
        StreamFramer f = new StreamFramer(65536);
        assertThat(f.next(b, 0, b.length)).isEqualTo(Result.MESSAGE);
        assertThat(f.length()).isEqualTo(b.length - 3);
    }

    @Test
    void noContentLengthMeansNoBody() {
        String msg = crlf("OPTIONS sip:x@example.com SIP/2.0", "Call-ID: c", "");
        byte[] b = bytes(msg + "OPTIONS sip:y");
        StreamFramer f = new StreamFramer(65536);
        assertThat(f.next(b, 0, b.length)).isEqualTo(Result.MESSAGE);
        assertThat(f.length()).isEqualTo(msg.length());
        assertThat(SipParser.parseFrame(b, 0, f.length()).bodyLength()).isZero();
    }

    @Test
    void contentLengthZero() {
        byte[] b = bytes(crlf("SIP/2.0 100 Trying", "Content-Length: 0", ""));
        StreamFramer f = new StreamFramer(65536);
        assertThat(f.next(b, 0, b.length)).isEqualTo(Result.MESSAGE);
        assertThat(f.length()).isEqualTo(b.length);
    }

    @Test
    void keepAlivePingAndPong() {
        StreamFramer f = new StreamFramer(65536);
        byte[] ping = bytes("\r\n\r\n");
        assertThat(f.next(ping, 0, 4)).isEqualTo(Result.PING);
        assertThat(f.length()).isEqualTo(4);

        byte[] pong = bytes("\r\nINVITE");
        assertThat(f.next(pong, 0, pong.length)).isEqualTo(Result.PONG);
        assertThat(f.length()).isEqualTo(2);

        byte[] pingThenMessage = bytes("\r\n\r\n" + INVITE);
        assertThat(f.next(pingThenMessage, 0, pingThenMessage.length)).isEqualTo(Result.PING);
        assertThat(f.length()).isEqualTo(4);
        assertThat(f.next(pingThenMessage, 4, pingThenMessage.length - 4)).isEqualTo(Result.MESSAGE);
        assertThat(f.length()).isEqualTo(bytes(INVITE).length);
    }

    @Test
    void partialCrlfNeedsMore() {
        StreamFramer f = new StreamFramer(65536);
        byte[] b = bytes("\r\n\r\n");
        assertThat(f.next(b, 0, 0)).isEqualTo(Result.NEED_MORE);
        assertThat(f.next(b, 0, 1)).isEqualTo(Result.NEED_MORE);
        assertThat(f.length()).isZero();
        assertThat(f.next(b, 0, 2)).isEqualTo(Result.NEED_MORE);
        assertThat(f.next(b, 0, 3)).isEqualTo(Result.NEED_MORE);
        assertThat(f.next(b, 0, 4)).isEqualTo(Result.PING);
    }

    @Test
    void bareLineFeedsAndStrayCr() {
        StreamFramer f = new StreamFramer(65536);
        byte[] lf = bytes("\nX");
        assertThat(f.next(lf, 0, 2)).isEqualTo(Result.PONG);
        assertThat(f.length()).isEqualTo(1);
        byte[] cr = bytes("\rX");
        assertThat(f.next(cr, 0, 2)).isEqualTo(Result.PONG);
        assertThat(f.length()).isEqualTo(1);
        byte[] crlfCr = bytes("\r\n\rX");
        assertThat(f.next(crlfCr, 0, 4)).isEqualTo(Result.PONG);
        assertThat(f.length()).isEqualTo(2);
    }

    @Test
    void pingsSplitAcrossReads() {
        Conn c = new Conn(65536);
        byte[] b = bytes("\r\n\r\n\r\n\r\n" + INVITE + "\r\n");
        for (int i = 0; i < b.length; i++) {
            c.receive(b, i, 1);
        }
        assertThat(c.events).containsExactly("PING:4", "PING:4", "MESSAGE:" + INVITE);
        assertThat(c.pending.toByteArray()).isEqualTo(bytes("\r\n"));
    }

    @Test
    void oversizeHeaderSection() {
        StreamFramer f = new StreamFramer(100);
        byte[] b = bytes("INVITE sip:x@example.com SIP/2.0\r\nSubject: " + "x".repeat(200));
        assertThat(f.next(b, 0, 90)).isEqualTo(Result.NEED_MORE);
        assertThat(f.next(b, 0, 100)).isEqualTo(Result.NEED_MORE);
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> f.next(b, 0, 101));
        assertThat(e.where()).isEqualTo("stream");
        assertThat(e.problem()).contains("100");
    }

    @Test
    void oversizeContentLength() {
        StreamFramer f = new StreamFramer(1000);
        byte[] b = bytes(crlf("MESSAGE sip:x@example.com SIP/2.0", "Content-Length: 2000", ""));
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> f.next(b, 0, b.length));
        assertThat(e.where()).isEqualTo("stream");
        assertThat(e.problem()).contains("1000");
    }

    @Test
    void messageExactlyAtTheLimitAccepted() {
        byte[] b = bytes(INVITE);
        StreamFramer f = new StreamFramer(b.length);
        assertThat(f.next(b, 0, b.length)).isEqualTo(Result.MESSAGE);
        StreamFramer tooSmall = new StreamFramer(b.length - 1);
        assertThat(catchThrowableOfType(SipParseException.class, () -> tooSmall.next(b, 0, b.length))).isNotNull();
    }

    @Test
    void hugeContentLength() {
        StreamFramer f = new StreamFramer(65536);
        byte[] b = bytes(crlf("MESSAGE sip:x@example.com SIP/2.0", "Content-Length: 99999999999999999999", ""));
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> f.next(b, 0, b.length));
        assertThat(e.where()).isEqualTo("Content-Length");
    }

    @Test
    void malformedContentLength() {
        StreamFramer f = new StreamFramer(65536);
        byte[] b = bytes(crlf("MESSAGE sip:x@example.com SIP/2.0", "Content-Length: none", ""));
        SipParseException e = catchThrowableOfType(SipParseException.class, () -> f.next(b, 0, b.length));
        assertThat(e.where()).isEqualTo("Content-Length");
    }

    @Test
    void foldedLinesDoNotEndTheHeaderSection() {
        String msg = crlf("MESSAGE sip:x@example.com SIP/2.0", "Subject: a", " b", "Content-Length: 2", "") + "hi";
        byte[] b = bytes(msg);
        StreamFramer f = new StreamFramer(65536);
        assertThat(f.next(b, 0, b.length)).isEqualTo(Result.MESSAGE);
        assertThat(f.length()).isEqualTo(b.length);
        assertThat(SipParser.parseFrame(b, 0, b.length).header("Subject")).isEqualTo("a b");
    }

    @Test
    void foldedContentLengthValue() {
        // HCOLON = *( SP / HTAB ) ":" SWS: the value may start on a continuation line (§25.1)
        String msg = crlf("MESSAGE sip:x@example.com SIP/2.0", "Content-Length:", "   2", "") + "hi";
        byte[] b = bytes(msg + "XX");
        StreamFramer f = new StreamFramer(65536);
        assertThat(f.next(b, 0, b.length)).isEqualTo(Result.MESSAGE);
        assertThat(f.length()).isEqualTo(msg.length());
        SipMessage m = SipParser.parseFrame(b, 0, f.length());
        assertThat(m.contentLength()).isEqualTo(2);
        assertThat(m.bodyText()).isEqualTo("hi");
    }

    @Test
    void contentLengthNameOnlyMatchesWholeName() {
        byte[] b = bytes(crlf("MESSAGE sip:x@example.com SIP/2.0", "X-Content-Length: 7", "Ll: 7", "") + "rest");
        StreamFramer f = new StreamFramer(65536);
        assertThat(f.next(b, 0, b.length)).isEqualTo(Result.MESSAGE);
        assertThat(f.length()).isEqualTo(b.length - 4);
    }

    @Test
    void searchResumesAfterManyPieces() {
        byte[] b = bytes(INVITE);
        // pieces of every size from 1 to 7, in turn
        Conn c = new Conn(65536);
        int off = 0;
        int step = 1;
        while (off < b.length) {
            int n = Math.min(step, b.length - off);
            c.receive(b, off, n);
            off += n;
            step = step % 7 + 1;
        }
        assertThat(c.events).containsExactly("MESSAGE:" + INVITE);
        assertThat(Arrays.equals(c.pending.toByteArray(), new byte[0])).isTrue();
    }
}
