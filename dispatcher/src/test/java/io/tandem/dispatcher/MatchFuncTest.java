package io.tandem.dispatcher;

import static io.tandem.dispatcher.Requests.context;
import static io.tandem.dispatcher.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.processor.MessageContext;
import io.tandem.processor.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MatchFuncTest {
    private static final MessageContext MESSAGE = context("MESSAGE", "sip:+15551234@example.com;user=phone",
        "User-Agent: Zoiper rv2.10", "X-Tenant: acme", "X-Tenant: other");
    private static final MessageContext INVITE = context(request("INVITE", "sip:bob@192.0.2.10:5080"),
        Transport.TLS, "203.0.113.9", 40211);

    @Test
    void routrArrowFormsAreTranslated() {
        assertThat(MatchFunc.compile("req => true").expression()).isEqualTo("true");
        assertThat(MatchFunc.compile("req => req.method === 'MESSAGE'").expression()).isEqualTo("method == 'MESSAGE'");
        assertThat(MatchFunc.compile("req => req.method === \"MESSAGE\"").expression()).isEqualTo("method == \"MESSAGE\"");
        assertThat(MatchFunc.compile("(r) => r.method !== 'INVITE' && r.method == 'BYE';").expression())
            .isEqualTo("method != 'INVITE' && method == 'BYE'");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ~ ", quoteCharacter = '`', value = {
        "req => true ~ true ~ true",
        "req => false ~ false ~ false",
        "req => req.method === 'MESSAGE' ~ true ~ false",
        "req => req.method === \"INVITE\" || req.method === \"BYE\" ~ false ~ true",
        "req => req.method !== 'MESSAGE' ~ false ~ true",
        "req => req.message.requestUri.user === '+15551234' ~ true ~ false",
        "req => req.message.requestUri.host == '192.0.2.10' ~ false ~ true",
        "req => 'User-Agent' in req.headers && req.headers['User-Agent'].includes('Zoiper') ~ true ~ false",
        "req => req.sender.port === 40211 && req.transport === 'TLS' ~ false ~ true",
        "req => !(req.requestUri.startsWith('sip:+1')) ~ false ~ true",
    })
    void translatedFormsEvaluate(String js, boolean onMessage, boolean onInvite) {
        MatchFunc f = MatchFunc.compile(js);
        assertThat(f.test(MESSAGE)).as(f.expression()).isEqualTo(onMessage);
        assertThat(f.test(INVITE)).as(f.expression()).isEqualTo(onInvite);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ~ ", quoteCharacter = '`', value = {
        "method == 'MESSAGE' ~ true ~ false",
        "requestUri == 'sip:+15551234@example.com;user=phone' ~ true ~ false",
        "requestUriUser.startsWith('+1') && requestUriHost == 'example.com' ~ true ~ false",
        "requestUriHost.matches(r'^192\\.0\\.2\\.[0-9]+$') ~ false ~ true",
        "'user-agent' in headers && headers['user-agent'].contains('Zoiper') ~ true ~ false",
        "'X-TENANT' in headers && headers['X-TENANT'] == 'acme' ~ true ~ false",
        "'user-agent' in headers ~ true ~ false",
        "headers.from.contains('alice') ~ true ~ true",
        "source == '203.0.113.9' && sourcePort == 40211 ~ false ~ true",
        "transport == 'UDP' ~ true ~ false",
        "transport in ['TLS', 'WSS'] ~ false ~ true",
        "edgePortRef == 'edge-port-01' ~ true ~ true",
    })
    void celExpressionsOverTheRequest(String cel, boolean onMessage, boolean onInvite) {
        MatchFunc f = MatchFunc.compile(cel);
        assertThat(f.expression()).isEqualTo(cel);
        assertThat(f.test(MESSAGE)).as(cel).isEqualTo(onMessage);
        assertThat(f.test(INVITE)).as(cel).isEqualTo(onInvite);
    }

    @Test
    void telUriUserIsTheNumber() {
        MatchFunc f = MatchFunc.compile("requestUriUser == '+15551234' && requestUriHost == ''");
        assertThat(f.test(context("INVITE", "tel:+15551234"))).isTrue();
    }

    @Test
    void missingHeaderFailsEvaluation() {
        MatchFunc f = MatchFunc.compile("headers['x-absent'] == 'a'");
        assertThatThrownBy(() -> f.test(INVITE)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "req => req.message.extensions.find(e => e.name === 'User-Agent')",
        "req => { return true }",
        "req => foo === 'x'",
        "req => req === 'x'",
        "req => req.method.toLowerCase() === 'invite'",
        "req => req.method = 'INVITE'",
        "req => req.method === 'INVITE",
        "req => 1.5 > 1",
    })
    void unsupportedJavaScriptIsRefused(String js) {
        assertThatThrownBy(() -> MatchFunc.compile(js))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("cannot translate the JavaScript matchFunc to CEL");
    }

    @Test
    void refusalsSayWhy() {
        assertThatThrownBy(() -> MatchFunc.compile("req => req.body === 'x'"))
            .hasMessageContaining("unknown field req.body");
        assertThatThrownBy(() -> MatchFunc.compile("req => req.message.extensions.find(e => e.name === 'x')"))
            .hasMessageContaining("unsupported call req.message.extensions.find(...)");
        assertThatThrownBy(() -> MatchFunc.compile("method"))
            .hasMessageContaining("not a valid CEL expression");
        assertThatThrownBy(() -> MatchFunc.compile("nope == 'x'"))
            .hasMessageContaining("nope");
        assertThatThrownBy(() -> MatchFunc.compile("req => req.method"))
            .hasMessageContaining("translated from JavaScript to: method");
        assertThatThrownBy(() -> MatchFunc.compile("   "))
            .hasMessageContaining("empty");
    }
}
