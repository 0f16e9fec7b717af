package io.tandem.sip.message;

import static io.tandem.sip.message.Msgs.INVITE;
import static io.tandem.sip.message.Msgs.bytes;
import static io.tandem.sip.message.Msgs.crlf;
import static io.tandem.sip.message.Msgs.parse;
import static io.tandem.sip.message.Msgs.request;
import static io.tandem.sip.message.Msgs.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.sip.SipMethod;
import io.tandem.sip.SipParseException;
import io.tandem.sip.header.Via;
import io.tandem.sip.uri.SipUri;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SipParser: start lines, header framing, values, body framing and errors (RFC 3261 §7, §18.3). */
class SipParserTest {

    @Nested
    class Requests {
        @Test
        void requestLineParts() {
            SipRequest r = request(INVITE);
            assertThat(r.isRequest()).isTrue();
            assertThat(r.method()).isSameAs(SipMethod.INVITE);
            assertThat(r.requestUriText()).isEqualTo("sip:bob@biloxi.example.com");
            assertThat(r.version()).isEqualTo("SIP/2.0");
            SipUri uri = (SipUri) r.requestUri();
            assertThat(uri.user()).isEqualTo("bob");
            assertThat(uri.host()).isEqualTo("biloxi.example.com");
            assertThat(r.requestUri()).isSameAs(uri);
        }

        @Test
        void headersInOrderWithNamesAsWritten() {
            SipRequest r = request(INVITE);
            assertThat(r.headerCount()).isEqualTo(9);
            String[] names = new String[r.headerCount()];
            for (int i = 0; i < names.length; i++) {
                names[i] = r.headerName(i);
            }
            assertThat(names).containsExactly("Via", "Max-Forwards", "To", "From", "Call-ID", "CSeq", "Contact",
                "Content-Type", "Content-Length");
            assertThat(r.headerValue(0)).isEqualTo("SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8");
            assertThat(r.headerValue(8)).isEqualTo("4");
        }

        @Test
        void typedAccessors() {
            SipRequest r = request(INVITE);
            Via via = r.topVia();
            assertThat(via.transport()).isEqualTo("UDP");
            assertThat(via.host()).isEqualTo("pc33.atlanta.example.com");
            assertThat(via.port()).isEqualTo(-1);
            assertThat(via.branch()).isEqualTo("z9hG4bKnashds8");
            assertThat(r.vias()).containsExactly(via);
            assertThat(r.maxForwards()).isEqualTo(70);
            assertThat(r.to().displayName()).isEqualTo("Bob");
            assertThat(r.to().tag()).isNull();
            assertThat(r.from().tag()).isEqualTo("1928301774");
            assertThat(r.callId()).isEqualTo("a84b4c76e66710@pc33.atlanta.example.com");
            assertThat(r.cseq().sequence()).isEqualTo(314159);
            assertThat(r.cseq().method()).isSameAs(SipMethod.INVITE);
            assertThat(r.contacts()).hasSize(1);
            assertThat(r.contacts().get(0).uri().toString()).isEqualTo("sip:alice@pc33.atlanta.example.com");
            assertThat(r.contentType().toString()).isEqualToIgnoringCase("application/sdp");
            assertThat(r.contentLength()).isEqualTo(4);
            assertThat(r.bodyLength()).isEqualTo(4);
            assertThat(r.bodyText()).isEqualTo("v=0\n");
            assertThat(r.body()).isEqualTo(bytes("v=0\n"));
            assertThat(r.expires()).isEqualTo(-1);
            assertThat(r.routes()).isEmpty();
            assertThat(r.userAgent()).isNull();
        }

        @Test
        void typedValueIsCached() {
            SipRequest r = request(INVITE);
            assertThat(r.topVia()).isSameAs(r.topVia());
            assertThat(r.from()).isSameAs(r.from());
        }

        @Test
        void extensionMethod() {
            SipRequest r = request(crlf("NEWMETHOD sip:x@example.com SIP/2.0", "Content-Length: 0", ""));
            assertThat(r.method().name()).isEqualTo("NEWMETHOD");
            assertThat(r.method().isKnown()).isFalse();
            assertThat(r.method()).isEqualTo(SipMethod.of("NEWMETHOD"));
        }

        @Test
        void methodIsCaseSensitive() {
            SipRequest r = request(crlf("invite sip:x@example.com SIP/2.0", "Content-Length: 0", ""));
            assertThat(r.method()).isNotEqualTo(SipMethod.INVITE);
            assertThat(r.method().name()).isEqualTo("invite");
        }

        @Test
        void versionIsCaseInsensitiveAndKeptAsWritten() {
            SipRequest r = request(crlf("OPTIONS sip:x@example.com sip/2.0", "Content-Length: 0", ""));
            assertThat(r.version()).isEqualTo("sip/2.0");
        }

        @Test
        void noHeadersAtAll() {
            SipRequest r = request(crlf("OPTIONS sip:x@example.com SIP/2.0", ""));
            assertThat(r.headerCount()).isZero();
            assertThat(r.bodyLength()).isZero();
            assertThat(r.header("Via")).isNull();
            assertThat(r.topVia()).isNull();
            assertThat(r.maxForwards()).isEqualTo(-1);
            assertThat(r.contentLength()).isEqualTo(-1);
        }
    }

    @Nested
    class Responses {
        @Test
        void statusLineParts() {
            SipResponse r = response(crlf("SIP/2.0 180 Ringing", "Via: SIP/2.0/UDP h;branch=z9hG4bK1", "Content-Length: 0", ""));
            assertThat(r.isRequest()).isFalse();
            assertThat(r.status()).isEqualTo(180);
            assertThat(r.reason()).isEqualTo("Ringing");
            assertThat(r.version()).isEqualTo("SIP/2.0");
            assertThat(r.isProvisional()).isTrue();
            assertThat(r.isSuccess()).isFalse();
            assertThat(r.headerCount()).isEqualTo(2);
        }

        @Test
        void reasonWithSpacesAndUtf8() {
            SipResponse r = response(crlf("SIP/2.0 200 OK – très bien", "Content-Length: 0", ""));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.reason()).isEqualTo("OK – très bien");
            assertThat(r.isSuccess()).isTrue();
        }

        @Test
        void emptyReason() {
            assertThat(response(crlf("SIP/2.0 486 ", "")).reason()).isEmpty();
            SipResponse noSp = response(crlf("SIP/2.0 603", ""));
            assertThat(noSp.status()).isEqualTo(603);
            assertThat(noSp.reason()).isEmpty();
        }

        @Test
        void leadingCrlfsBeforeAResponse() {
            SipResponse r = response("\r\n\r\n" + crlf("SIP/2.0 100 Trying", "Content-Length: 0", ""));
            assertThat(r.status()).isEqualTo(100);
            assertThat(r.reason()).isEqualTo("Trying");
            assertThat(r.version()).isEqualTo("SIP/2.0");
        }
    }

    @Nested
    class HeaderLookup {
        // every compact form of RFC 3261 §7.3.3 and its extensions, with its long name
        @ParameterizedTest
        @CsvSource({
            "v, Via, SIP/2.0/UDP h;branch=z9hG4bK1",
            "f, From, <sip:a@x>;tag=1",
            "t, To, <sip:b@y>",
            "i, Call-ID, abc@x",
            "m, Contact, <sip:a@10.0.0.1>",
            "l, Content-Length, 0",
            "c, Content-Type, text/plain",
            "k, Supported, timer",
            "s, Subject, lunch",
            "e, Content-Encoding, gzip",
            "o, Event, presence",
            "u, Allow-Events, dialog",
            "r, Refer-To, <sip:c@z>",
            "b, Referred-By, <sip:a@x>",
            "x, Session-Expires, 1800",
        })
        void compactFormFoundByLongNameAndViceVersa(String compact, String longName, String value) {
            SipRequest r = request(crlf("MESSAGE sip:x@example.com SIP/2.0", compact + ": " + value, ""));
            assertThat(r.headerName(0)).isEqualTo(compact);
            assertThat(r.headerCanonicalName(0)).isEqualTo(longName);
            assertThat(r.header(longName)).isEqualTo(value);
            assertThat(r.header(longName.toUpperCase())).isEqualTo(value);
            assertThat(r.header(compact)).isEqualTo(value);
            assertThat(r.header(compact.toUpperCase())).isEqualTo(value);
            assertThat(r.hasHeader(longName)).isTrue();

            SipRequest l = request(crlf("MESSAGE sip:x@example.com SIP/2.0", longName + ": " + value, ""));
            assertThat(l.header(compact)).isEqualTo(value);
            assertThat(l.header(compact.toUpperCase())).isEqualTo(value);
            assertThat(l.headerName(0)).isEqualTo(longName);
        }

        @Test
        void compactFormsWorkWithTypedAccessors() {
            SipRequest r = request(crlf(
                "INVITE sip:x@example.com SIP/2.0",
                "v: SIP/2.0/TCP 10.0.0.1:5070;branch=z9hG4bKc",
                "f: <sip:a@x>;tag=9",
                "t: <sip:b@y>",
                "i: cid-1",
                "CSeq: 1 INVITE",
                "m: <sip:a@10.0.0.1>",
                "k: 100rel, timer",
                "c: application/sdp",
                "l: 2",
                "") + "ab");
            assertThat(r.topVia().port()).isEqualTo(5070);
            assertThat(r.topVia().transport()).isEqualTo("TCP");
            assertThat(r.from().tag()).isEqualTo("9");
            assertThat(r.to().uri().toString()).isEqualTo("sip:b@y");
            assertThat(r.callId()).isEqualTo("cid-1");
            assertThat(r.contacts()).hasSize(1);
            assertThat(r.supported()).containsExactly("100rel", "timer");
            assertThat(r.contentLength()).isEqualTo(2);
            assertThat(r.bodyText()).isEqualTo("ab");
        }

        @Test
        void caseInsensitiveLookup() {
            SipRequest r = request(crlf("OPTIONS sip:x@example.com SIP/2.0", "cALL-iD: abc", "MAX-FORWARDS: 5", "x-MiXeD: 1", ""));
            assertThat(r.header("call-id")).isEqualTo("abc");
            assertThat(r.header("CALL-ID")).isEqualTo("abc");
            assertThat(r.header("i")).isEqualTo("abc");
            assertThat(r.callId()).isEqualTo("abc");
            assertThat(r.maxForwards()).isEqualTo(5);
            assertThat(r.header("X-Mixed")).isEqualTo("1");
            assertThat(r.header("x-mixed")).isEqualTo("1");
            assertThat(r.headerName(1)).isEqualTo("MAX-FORWARDS");
            assertThat(r.headerCanonicalName(1)).isEqualTo("Max-Forwards");
        }

        @Test
        void unknownHeadersByName() {
            SipRequest r = request(crlf(
                "OPTIONS sip:x@example.com SIP/2.0",
                "X-Custom: one",
                "P-Charging-Vector: icid-value=1234",
                "X-Custom: two",
                "X-Customer: other",
                ""));
            assertThat(r.header("X-Custom")).isEqualTo("one");
            assertThat(r.headers("x-custom")).containsExactly("one", "two");
            assertThat(r.headerLines("X-CUSTOM")).isEqualTo(2);
            assertThat(r.header("P-Charging-Vector")).isEqualTo("icid-value=1234");
            assertThat(r.header("X-Customer")).isEqualTo("other");
            assertThat(r.header("X-Cust")).isNull();
            assertThat(r.hasHeader("X-Absent")).isFalse();
            assertThat(r.headerCanonicalName(0)).isEqualTo("X-Custom");
        }

        @Test
        void multipleLinesOfOneHeaderMixingForms() {
            SipRequest r = request(crlf(
                "OPTIONS sip:x@example.com SIP/2.0",
                "Via: SIP/2.0/UDP a;branch=z9hG4bK1",
                "v: SIP/2.0/UDP b;branch=z9hG4bK2, SIP/2.0/UDP c;branch=z9hG4bK3",
                "VIA: SIP/2.0/UDP d;branch=z9hG4bK4",
                ""));
            assertThat(r.headers("Via")).containsExactly("SIP/2.0/UDP a;branch=z9hG4bK1",
                "SIP/2.0/UDP b;branch=z9hG4bK2, SIP/2.0/UDP c;branch=z9hG4bK3", "SIP/2.0/UDP d;branch=z9hG4bK4");
            assertThat(r.headerLines("v")).isEqualTo(3);
            assertThat(r.headerValues("Via")).containsExactly("SIP/2.0/UDP a;branch=z9hG4bK1",
                "SIP/2.0/UDP b;branch=z9hG4bK2", "SIP/2.0/UDP c;branch=z9hG4bK3", "SIP/2.0/UDP d;branch=z9hG4bK4");
            assertThat(r.vias()).extracting(Via::host).containsExactly("a", "b", "c", "d");
            assertThat(r.topVia().host()).isEqualTo("a");
        }

        @Test
        void commaSeparatedValuesRespectQuotesAndAngleBrackets() {
            SipRequest r = request(crlf(
                "REGISTER sip:example.com SIP/2.0",
                "Contact: \"Doe, John\" <sip:jd@10.0.0.1;x=a,b>;q=0.5 ,<sip:j2@h>,  sip:j3@h3 ",
                "Contact: \"quote \\\" , inside\" <sip:j4@h4>",
                "Route: <sip:p1@example.com;lr>,<sip:p2@example.com;lr>",
                ""));
            assertThat(r.headerValues("Contact")).containsExactly(
                "\"Doe, John\" <sip:jd@10.0.0.1;x=a,b>;q=0.5", "<sip:j2@h>", "sip:j3@h3",
                "\"quote \\\" , inside\" <sip:j4@h4>");
            assertThat(r.headerValues("m")).hasSize(4);
            assertThat(r.headerValueCount("Contact")).isEqualTo(4);
            assertThat(r.headerValueCount("Route")).isEqualTo(2);
            assertThat(r.headerValueCount("X-None")).isZero();
            assertThat(r.headerValues("Route")).containsExactly("<sip:p1@example.com;lr>", "<sip:p2@example.com;lr>");
            assertThat(r.headerValues("X-None")).isEmpty();
            assertThat(r.routes()).hasSize(2);
        }

        @Test
        void valueWhiteSpaceTrimmedAtBothEnds() {
            SipRequest r = request("OPTIONS sip:x@example.com SIP/2.0\r\nSubject : \t hello world \t\r\nX-Empty:\r\nX-Blank:   \r\n\r\n");
            assertThat(r.header("Subject")).isEqualTo("hello world");
            assertThat(r.headerName(0)).isEqualTo("Subject");
            assertThat(r.header("X-Empty")).isEmpty();
            assertThat(r.header("X-Blank")).isEmpty();
        }
    }

    @Nested
    class Folding {
        @Test
        void foldedValueReadsWithOneSpace() {
            String text = crlf(
                "INVITE sip:x@example.com SIP/2.0",
                "Subject: I know you're there,",
                "   pick up the phone",
                "\t  and talk to me!",
                "Via: SIP/2.0/UDP h;",
                " branch=z9hG4bKfold",
                "Content-Length: 0",
                "");
            SipRequest r = request(text);
            assertThat(r.headerCount()).isEqualTo(3);
            assertThat(r.header("Subject")).isEqualTo("I know you're there, pick up the phone and talk to me!");
            assertThat(r.topVia().branch()).isEqualTo("z9hG4bKfold");
            assertThat(r.header("Via")).isEqualTo("SIP/2.0/UDP h; branch=z9hG4bKfold");
            assertThat(r.toBytes()).isEqualTo(bytes(text));
        }

        @Test
        void foldedWithBareLf() {
            String text = "OPTIONS sip:x@example.com SIP/2.0\nSubject: a\n b\nContent-Length: 0\n\n";
            SipRequest r = request(text);
            assertThat(r.header("Subject")).isEqualTo("a b");
            assertThat(r.toBytes()).isEqualTo(bytes(text));
        }

        @Test
        void valueStartingOnAContinuationLine() {
            // HCOLON = *( SP / HTAB ) ":" SWS; SWS may hold a line fold (RFC 3261 §25.1)
            String text = crlf("OPTIONS sip:x@example.com SIP/2.0", "Subject:", "  on the next line", "Max-Forwards:", "\t7", "");
            SipRequest r = request(text);
            assertThat(r.header("Subject")).isEqualTo("on the next line");
            assertThat(r.maxForwards()).isEqualTo(7);
            assertThat(r.toBytes()).isEqualTo(bytes(text));
        }
    }

    @Nested
    class LineEndings {
        @Test
        void leadingCrlfsSkipped() {
            byte[] b = bytes("\r\n\r\n\n" + INVITE);
            SipRequest r = (SipRequest) SipParser.parse(b);
            assertThat(r.method()).isSameAs(SipMethod.INVITE);
            assertThat(r.headerCount()).isEqualTo(9);
            // the skipped empty lines are not part of the message (RFC 3261 §7.5)
            assertThat(r.toBytes()).isEqualTo(bytes(INVITE));
        }

        @Test
        void bareLfTolerated() {
            String text = "INVITE sip:x@example.com SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nCall-ID: c1\nContent-Length: 3\n\nabc";
            SipRequest r = request(text);
            assertThat(r.version()).isEqualTo("SIP/2.0");
            assertThat(r.requestUriText()).isEqualTo("sip:x@example.com");
            assertThat(r.headerCount()).isEqualTo(3);
            assertThat(r.callId()).isEqualTo("c1");
            assertThat(r.bodyText()).isEqualTo("abc");
            assertThat(r.toBytes()).isEqualTo(bytes(text));
        }

        @Test
        void mixedLineEndings() {
            String text = "SIP/2.0 200 OK\r\nCall-ID: c1\nCSeq: 1 BYE\r\n\nxy";
            SipResponse r = response(text);
            assertThat(r.reason()).isEqualTo("OK");
            assertThat(r.header("CSeq")).isEqualTo("1 BYE");
            assertThat(r.bodyText()).isEqualTo("xy");
            assertThat(r.toBytes()).isEqualTo(bytes(text));
        }
    }

    @Nested
    class BodyFraming {
        @Test
        void bytesAfterContentLengthIgnoredInDatagram() {
            String head = crlf("MESSAGE sip:x@example.com SIP/2.0", "Content-Length: 5", "");
            SipRequest r = request(head + "hello, and some garbage");
            assertThat(r.bodyLength()).isEqualTo(5);
            assertThat(r.bodyText()).isEqualTo("hello");
            assertThat(Msgs.text(r.toBytes())).isEqualTo(head + "hello");
        }

        @Test
        void contentLengthLargerThanDatagram() {
            String text = crlf("MESSAGE sip:x@example.com SIP/2.0", "Call-ID: big", "Content-Length: 50", "") + "short";
            SipParseException e = catchThrowableOfType(SipParseException.class, () -> parse(text));
            assertThat(e.where()).isEqualTo("Content-Length");
            assertThat(e.problem()).contains("50").contains("5 bytes");
            assertThat(e.offset()).isEqualTo(text.length() - 5);
            assertThat(e.partial()).isInstanceOf(SipRequest.class);
            SipRequest partial = (SipRequest) e.partial();
            assertThat(partial.callId()).isEqualTo("big");
            assertThat(partial.method()).isSameAs(SipMethod.MESSAGE);
            assertThat(partial.bodyText()).isEqualTo("short");
        }

        @Test
        void malformedContentLengthReportedWithPartial() {
            String text = crlf("SIP/2.0 200 OK", "Call-ID: c", "Content-Length: 1x", "") + "ab";
            SipParseException e = catchThrowableOfType(SipParseException.class, () -> parse(text));
            assertThat(e.where()).isEqualTo("Content-Length");
            assertThat(e.problem()).contains("not a number");
            // the 'x': "SIP/2.0 200 OK\r\n" 16 + "Call-ID: c\r\n" 12 + "Content-Length: 1" 17
            assertThat(e.offset()).isEqualTo(16 + 12 + 17);
            assertThat(e.partial()).isInstanceOf(SipResponse.class);
            assertThat(((SipResponse) e.partial()).status()).isEqualTo(200);
            SipParseException shifted = catchThrowableOfType(SipParseException.class,
                () -> SipParser.parseDatagram(bytes("pad" + text), 3, text.length()));
            assertThat(shifted.offset()).isEqualTo(16 + 12 + 17);
        }

        @Test
        void noContentLengthBodyIsRestOfDatagram() {
            SipRequest r = request(crlf("MESSAGE sip:x@example.com SIP/2.0", "Content-Type: text/plain", "") + "all of\r\nthis");
            assertThat(r.contentLength()).isEqualTo(-1);
            assertThat(r.bodyLength()).isEqualTo(12);
            assertThat(r.bodyText()).isEqualTo("all of\r\nthis");
        }

        @Test
        void compactContentLengthFramesBody() {
            SipRequest r = request(crlf("MESSAGE sip:x@example.com SIP/2.0", "l: 3", "") + "abcdef");
            assertThat(r.bodyText()).isEqualTo("abc");
        }

        @Test
        void datagramInsideALargerBuffer() {
            byte[] buf = bytes("garbage" + crlf("SIP/2.0 200 OK", "Content-Length: 2", "") + "okTRAILER");
            int len = buf.length - 7 - "TRAILER".length();
            SipResponse r = (SipResponse) SipParser.parseDatagram(buf, 7, len);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("ok");
            assertThat(Msgs.text(r.toBytes())).isEqualTo(crlf("SIP/2.0 200 OK", "Content-Length: 2", "") + "ok");
        }

        @Test
        void parseFrameUsesContentLengthOrZero() {
            byte[] frame = bytes(crlf("SIP/2.0 200 OK", "Content-Length: 2", "") + "ok");
            SipMessage m = SipParser.parseFrame(frame, 0, frame.length);
            assertThat(m.bodyText()).isEqualTo("ok");
            byte[] noCl = bytes(crlf("SIP/2.0 200 OK", "Call-ID: x", ""));
            assertThat(SipParser.parseFrame(noCl, 0, noCl.length).bodyLength()).isZero();
        }

        @Test
        void frameWithContentLengthBeyondTheFrame() {
            byte[] frame = bytes(crlf("SIP/2.0 200 OK", "Content-Length: 9", "") + "ok");
            SipParseException e = catchThrowableOfType(SipParseException.class, () -> SipParser.parseFrame(frame, 0, frame.length));
            assertThat(e.where()).isEqualTo("Content-Length");
            assertThat(e.problem()).contains("frame");
            assertThat(e.partial()).isInstanceOf(SipResponse.class);
        }
    }

    @Nested
    class Errors {
        private SipParseException fail(String text) {
            SipParseException e = catchThrowableOfType(SipParseException.class, () -> parse(text));
            assertThat(e).as("expected a SipParseException for %s", text).isNotNull();
            return e;
        }

        @Test
        void emptyMessage() {
            SipParseException e = fail("");
            assertThat(e.where()).isEqualTo("message");
            assertThat(e.problem()).contains("empty");
            assertThat(e.offset()).isZero();
            SipParseException onlyCrlf = fail("\r\n\r\n");
            assertThat(onlyCrlf.where()).isEqualTo("message");
            assertThat(onlyCrlf.offset()).isEqualTo(4);
        }

        @Test
        void missingColon() {
            SipParseException e = fail(crlf("OPTIONS sip:x@example.com SIP/2.0", "Call-ID: c", "Max-Forwards 70", ""));
            assertThat(e.where()).isEqualTo("header Max-Forwards");
            assertThat(e.problem()).contains("':'");
            // "OPTIONS sip:x@example.com SIP/2.0\r\n" is 35 bytes, "Call-ID: c\r\n" 12, "Max-Forwards " 13
            assertThat(e.offset()).isEqualTo(35 + 12 + 13);
            assertThat(e.getMessage()).contains("(at offset 60)");
        }

        @Test
        void headerLineNotTerminated() {
            String text = "OPTIONS sip:x@example.com SIP/2.0\r\nCall-ID: c";
            SipParseException e = fail(text);
            assertThat(e.where()).isEqualTo("header Call-ID");
            assertThat(e.problem()).contains("not terminated");
            assertThat(e.offset()).isEqualTo(text.length());
        }

        @Test
        void headerSectionNotTerminated() {
            String text = crlf("OPTIONS sip:x@example.com SIP/2.0", "Call-ID: c");
            SipParseException e = fail(text);
            assertThat(e.where()).isEqualTo("message");
            assertThat(e.problem()).contains("empty line");
            assertThat(e.offset()).isEqualTo(text.length());
        }

        @Test
        void datagramEndingInTheMiddleOfTheEmptyLine() {
            String text = "OPTIONS sip:x@example.com SIP/2.0\r\nCall-ID: c\r\n\r";
            SipParseException e = fail(text);
            assertThat(e.where()).isEqualTo("message");
            assertThat(e.problem()).contains("empty line");
            assertThat(e.offset()).isEqualTo(text.length());
        }

        @Test
        void controlCharacterInsteadOfAHeaderNameShownAsHex() {
            SipParseException e = fail("OPTIONS sip:x@example.com SIP/2.0\r\n\rX: 1\r\n\r\n");
            assertThat(e.where()).isEqualTo("header");
            assertThat(e.problem()).isEqualTo("expected a header name but found byte 0x0D");
            assertThat(e.offset()).isEqualTo(35);
        }

        @Test
        void startLineNotTerminated() {
            SipParseException e = fail("OPTIONS sip:x@example.com SIP/2.0");
            assertThat(e.where()).isEqualTo("Start-Line");
            assertThat(e.offset()).isEqualTo(33);
        }

        @Test
        void headerNameMissing() {
            SipParseException e = fail(crlf("OPTIONS sip:x@example.com SIP/2.0", ": value", ""));
            assertThat(e.where()).isEqualTo("header");
            assertThat(e.problem()).contains("':'");
            assertThat(e.offset()).isEqualTo(35);
            SipParseException ws = fail(crlf("OPTIONS sip:x@example.com SIP/2.0", " Call-ID: c", ""));
            assertThat(ws.problem()).contains("white space");
            assertThat(ws.offset()).isEqualTo(35);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "SIP/2.0 20 OK|8",
            "SIP/2.0 2000 OK|11",
            "SIP/2.0 099 Low|8",
            "SIP/2.0 700 High|8",
            "SIP/2.0 abc Letters|8",
            "SIP/2.0 200x OK|11",
            "SIP/2.0|7",
        })
        void badStatusCode(String line, int offset) {
            SipParseException e = fail(crlf(line, "Content-Length: 0", ""));
            assertThat(e.where()).isEqualTo("Status-Line");
            assertThat(e.offset()).isEqualTo(offset);
            assertThat(e.partial()).isNull();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "INVITE sip:x@example.com SIP/7|25",
            "INVITE sip:x@example.com SIP/2.|25",
            "INVITE sip:x@example.com SIP/2.0x|32",
            "INVITE sip:x@example.com HTTP/1.1|25",
        })
        void badRequestVersion(String line, int offset) {
            SipParseException e = fail(crlf(line, "Call-ID: cv", ""));
            assertThat(e.where()).isEqualTo("Request-Line");
            assertThat(e.problem()).contains("SIP-Version");
            assertThat(e.offset()).isEqualTo(offset);
            // the headers were readable: a server can still answer 400 (RFC 4475 §3.1.2.16)
            assertThat(((SipMessage) e.partial()).callId()).isEqualTo("cv");
        }

        @Test
        void badStatusVersion() {
            SipParseException e = fail(crlf("SIP/2 200 OK", ""));
            assertThat(e.where()).isEqualTo("Status-Line");
            assertThat(e.problem()).contains("SIP-Version");
            assertThat(e.offset()).isZero();
        }

        @Test
        void requestLineElements() {
            SipParseException noMethod = fail(crlf(" INVITE sip:x@example.com SIP/2.0", ""));
            assertThat(noMethod.where()).isEqualTo("Request-Line");
            assertThat(noMethod.offset()).isZero();

            SipParseException twoSpaces = fail(crlf("INVITE  sip:x@example.com SIP/2.0", ""));
            assertThat(twoSpaces.where()).isEqualTo("Request-Line");
            assertThat(twoSpaces.offset()).isEqualTo(7);

            SipParseException bracketed = fail(crlf("INVITE <sip:x@example.com> SIP/2.0", ""));
            assertThat(bracketed.problem()).contains("scheme");
            assertThat(bracketed.offset()).isEqualTo(7);

            SipParseException spaceInUri = fail(crlf("INVITE sip:x y@example.com SIP/2.0", ""));
            assertThat(spaceInUri.problem()).contains("white space");
            assertThat(spaceInUri.offset()).isEqualTo(12);

            SipParseException onlyMethod = fail(crlf("INVITE", ""));
            assertThat(onlyMethod.where()).isEqualTo("Request-Line");
            assertThat(onlyMethod.offset()).isEqualTo(6);
        }

        @Test
        void offsetsAreRelativeToTheDatagramStart() {
            byte[] buf = bytes("0123456789" + crlf("OPTIONS sip:x@example.com SIP/2.0", "Bad Header", ""));
            SipParseException e = catchThrowableOfType(SipParseException.class, () -> SipParser.parseDatagram(buf, 10, buf.length - 10));
            assertThat(e.offset()).isEqualTo(35 + 4);
        }

        @Test
        void rangeOutsideTheBuffer() {
            byte[] b = new byte[4];
            SipParseException e = catchThrowableOfType(SipParseException.class, () -> SipParser.parseDatagram(b, 2, 5));
            assertThat(e.where()).isEqualTo("message");
            assertThat(e.offset()).isEqualTo(-1);
        }

        @Test
        void malformedTypedValueFailsOnAccessOnly() {
            SipRequest r = request(crlf("OPTIONS sip:x@example.com SIP/2.0", "Max-Forwards: lots", "CSeq: x OPTIONS", "Call-ID: ok", ""));
            assertThat(r.header("Max-Forwards")).isEqualTo("lots");
            assertThat(r.callId()).isEqualTo("ok");
            SipParseException mf = catchThrowableOfType(SipParseException.class, r::maxForwards);
            assertThat(mf.where()).isEqualTo("Max-Forwards");
            assertThat(mf.offset()).isZero(); // counted from the start of the value
            SipRequest badCallId = request(crlf("OPTIONS sip:x@example.com SIP/2.0", "Call-ID: ab cd", ""));
            SipParseException ci = catchThrowableOfType(SipParseException.class, badCallId::callId);
            assertThat(ci.where()).isEqualTo("Call-ID");
            assertThat(ci.offset()).isEqualTo(2);
            SipParseException cseq = catchThrowableOfType(SipParseException.class, r::cseq);
            assertThat(cseq.where()).isEqualTo("CSeq");
        }

        @Test
        void maxForwardsAbove255Rejected() {
            SipRequest r = request(crlf("OPTIONS sip:x@example.com SIP/2.0", "Max-Forwards: 256", ""));
            assertThat(catchThrowableOfType(SipParseException.class, r::maxForwards).where()).isEqualTo("Max-Forwards");
        }
    }

    @Test
    void headerIndexOutOfRange() {
        SipRequest r = request(crlf("OPTIONS sip:x@example.com SIP/2.0", "Call-ID: c", ""));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.headerValue(1)).isInstanceOf(IndexOutOfBoundsException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.headerName(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.headerCanonicalName(5)).isInstanceOf(IndexOutOfBoundsException.class);
        SipRequest removed = request(crlf("OPTIONS sip:x@example.com SIP/2.0", "Call-ID: c", "X: 1", "")).edit().remove("X").build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> removed.headerValue(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void utf8ValuesDecoded() {
        byte[] b = crlf("MESSAGE sip:x@example.com SIP/2.0", "Subject: Grüße", "From: \"Zoë\" <sip:z@example.com>;tag=1", "")
            .getBytes(StandardCharsets.UTF_8);
        SipMessage m = SipParser.parse(b);
        assertThat(m.header("Subject")).isEqualTo("Grüße");
        assertThat(m.from().displayName()).isEqualTo("Zoë");
        assertThat(m.toBytes()).isEqualTo(b);
    }
}
