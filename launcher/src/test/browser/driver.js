// The browser of BrowserCallIT: headless Chromium (puppeteer-core, Debian's /usr/bin/chromium,
// fake camera and microphone) runs JsSIP over WSS to Tandem, registers as an agent, calls CALL_TARGET,
// talks for TALK_MS, reads the peer connection's getStats and hangs up. Prints one line
// "RESULT {json}" (or "FAILED {json}" and exits 1); every page and JsSIP log line goes to stderr.
//
// Settings (environment): TANDEM_WSS (wss://127.0.0.1:PORT), SIP_DOMAIN, SIP_USER, SIP_PASSWORD,
// CALL_TARGET (user part), TALK_MS (default 3000), OPUS_ONLY (1: the offer sent names Opus only,
// as a browser that offers nothing else), CHROMIUM (default /usr/bin/chromium).
'use strict';
const http = require('http');
const path = require('path');
const esbuild = require('esbuild');
const puppeteer = require('puppeteer-core');

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) {
    throw new Error(`driver.js: the environment variable ${name} is not set`);
  }
  return v;
};

const settings = {
  wss: env('TANDEM_WSS'),
  domain: env('SIP_DOMAIN'),
  user: env('SIP_USER'),
  password: env('SIP_PASSWORD'),
  target: env('CALL_TARGET'),
  talkMs: Number(env('TALK_MS', '3000')),
  opusOnly: env('OPUS_ONLY', '0') === '1',
};

// JsSIP ships CommonJS only (lib/): bundled for the page once per run.
function jssipBundle() {
  const out = esbuild.buildSync({
    entryPoints: [path.join(__dirname, 'node_modules/jssip/lib/JsSIP.js')],
    bundle: true, format: 'iife', globalName: 'JsSIP', platform: 'browser', write: false, logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

// The page comes from http://127.0.0.1 (a secure context: getUserMedia and WebRTC need one).
function servePage(script) {
  const html = '<!doctype html><html><head><meta charset="utf-8"><title>Tandem browser call</title></head>'
    + '<body><script src="/jssip.js"></script></body></html>';
  const server = http.createServer((req, res) => {
    if (req.url === '/jssip.js') {
      res.writeHead(200, {'content-type': 'text/javascript'}).end(script);
    } else {
      res.writeHead(200, {'content-type': 'text/html'}).end(html);
    }
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Runs in the page: register, call, talk, measure, hang up.
async function call(s) {
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const onlyOpus = sdp => {
    const opus = (sdp.match(/a=rtpmap:(\d+) opus\/48000/i) || [])[1];
    if (!opus) {
      throw new Error('the browser offered no Opus');
    }
    const lines = sdp.split('\r\n').filter(l => {
      const pt = (l.match(/^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)/) || [])[1];
      return pt === undefined || pt === opus;
    });
    return lines.map(l => l.startsWith('m=audio ') ? l.split(' ').slice(0, 3).concat(opus).join(' ') : l).join('\r\n');
  };
  const timeline = [];
  const t0 = performance.now();
  const mark = what => timeline.push(`${Math.round(performance.now() - t0)} ms ${what}`);

  JsSIP.debug.enable('JsSIP:*');
  const ua = new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(s.wss)],
    uri: `sip:${s.user}@${s.domain}`, password: s.password, authorization_user: s.user,
    register: true, session_timers: false, user_agent: 'JsSIP BrowserCallIT',
  });
  await new Promise((resolve, reject) => {
    ua.on('registered', resolve);
    ua.on('registrationFailed', e => reject(new Error(`REGISTER failed: ${e.cause} ${e.response ? e.response.status_code : ''}`)));
    ua.start();
  });
  mark('registered');

  let offered = null;
  let answered = null;
  const session = ua.call(`sip:${s.target}@${s.domain}`, {
    mediaConstraints: {audio: true, video: false},
    pcConfig: {iceServers: [], rtcpMuxPolicy: 'require'},
  });
  session.on('sdp', e => {
    if (e.originator === 'local' && s.opusOnly) {
      e.sdp = onlyOpus(e.sdp);
    }
    if (e.originator === 'local') {
      offered = e.sdp;
    } else {
      answered = e.sdp;
    }
  });
  await new Promise((resolve, reject) => {
    session.on('confirmed', resolve);
    session.on('failed', e => reject(new Error(`call failed: ${e.cause} ${e.message && e.message.status_code ? e.message.status_code + ' ' + e.message.reason_phrase : ''}`)));
  });
  mark('call confirmed (200 OK, ACK)');
  const pc = session.connection;
  const deadline = performance.now() + 10000;
  while (pc.connectionState !== 'connected' && performance.now() < deadline) {
    await sleep(50);
  }
  mark(`peer connection ${pc.connectionState} (ICE ${pc.iceConnectionState})`);
  await sleep(s.talkMs);

  const report = await pc.getStats();
  const stats = {inbound: null, outbound: null, codecs: {}, transport: null, pair: null};
  report.forEach(r => {
    if (r.type === 'inbound-rtp' && r.kind === 'audio') {
      stats.inbound = {packetsReceived: r.packetsReceived, bytesReceived: r.bytesReceived, packetsLost: r.packetsLost, codecId: r.codecId};
    } else if (r.type === 'outbound-rtp' && r.kind === 'audio') {
      stats.outbound = {packetsSent: r.packetsSent, bytesSent: r.bytesSent, codecId: r.codecId};
    } else if (r.type === 'codec') {
      stats.codecs[r.id] = r.mimeType + '/' + r.clockRate;
    } else if (r.type === 'transport') {
      stats.transport = {dtlsState: r.dtlsState, srtpCipher: r.srtpCipher, dtlsRole: r.dtlsRole};
    } else if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded') {
      const remote = report.get(r.remoteCandidateId);
      stats.pair = {remote: remote ? `${remote.address}:${remote.port} ${remote.candidateType}` : null};
    }
  });
  const codecOf = rtp => rtp && stats.codecs[rtp.codecId];
  session.terminate();
  await sleep(300);
  mark('hung up');
  ua.stop();
  await sleep(300);
  return {
    callId: session._request ? session._request.call_id : null, connectionState: pc.connectionState, inbound: stats.inbound, outbound: stats.outbound,
    receivedCodec: codecOf(stats.inbound), sentCodec: codecOf(stats.outbound), transport: stats.transport, pair: stats.pair,
    offer: offered, answer: answered, timeline,
  };
}

async function main() {
  const server = await servePage(jssipBundle());
  const browser = await puppeteer.launch({
    executablePath: env('CHROMIUM', '/usr/bin/chromium'),
    headless: true,
    acceptInsecureCerts: true, // the test's self-signed certificate on Tandem's WSS port
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream', '--ignore-certificate-errors', '--disable-gpu', '--mute-audio'],
  });
  let code = 0;
  try {
    const page = await browser.newPage();
    page.on('console', m => process.stderr.write(`[page ${m.type()}] ${m.text()}\n`));
    page.on('pageerror', e => process.stderr.write(`[page error] ${e.message}\n`));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const result = await page.evaluate(call, settings);
    process.stdout.write('RESULT ' + JSON.stringify(result) + '\n');
  } catch (e) {
    process.stdout.write('FAILED ' + JSON.stringify({error: String(e && e.message || e)}) + '\n');
    code = 1;
  } finally {
    await browser.close();
    server.close();
  }
  process.exit(code);
}

main().catch(e => {
  process.stdout.write('FAILED ' + JSON.stringify({error: String(e && e.stack || e)}) + '\n');
  process.exit(1);
});
