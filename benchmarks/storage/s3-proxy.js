#!/usr/bin/env node
// A counting, delaying HTTP proxy to put in front of an S3 server (path-style addressing, as the hub uses with
// --storage-s3-endpoint). Every request is forwarded as it came: method, target, headers (Host included, so SigV4
// signatures stay valid) and body, streamed both ways over keep-alive connections; only the hop-by-hop headers
// (Connection, Keep-Alive, Expect, ...) belong to each hop. Optionally waits --delay-ms before forwarding each
// request, to model S3's time to first byte. Counts the requests by kind:
//
//   put        PUT of an object (a whole object in one request)
//   multipart  multipart upload: POST ?uploads (create), PUT ?partNumber&uploadId (part), POST ?uploadId (complete),
//              DELETE ?uploadId (abort), GET ?uploadId (list parts)
//   get        GET of an object; get_ranged counts those of them with a Range header
//   head       HEAD of an object or a bucket
//   list       GET on a bucket listing its keys (list-type, prefix, delimiter, continuation-token, marker, or no query)
//   delete     DELETE of an object, POST ?delete (batch delete)
//   other      everything else (bucket location, ListBuckets, ...)
//
// and the body bytes sent up (requests) and down (responses), the responses by status, and the most requests in
// flight at once. The proxy answers two paths itself, never forwarded:
//
//   GET  /__counts   the counts as JSON
//   POST /__reset    zero the counts (answers the counts before the reset)
//   POST /__delay?ms=N   change the delay
//
// Usage: node s3-proxy.js --target http://127.0.0.1:PORT [--port 0] [--host 127.0.0.1] [--delay-ms 0] [--port-file F]
// Prints "listening on HOST:PORT" on stdout once listening (and writes the port to --port-file). Node's stdlib only.
'use strict';
const http = require('node:http');
const fs = require('node:fs');

function parseArgs(argv) {
  const options = { host: '127.0.0.1', port: 0, delayMs: 0, target: null, portFile: null };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    switch (argv[i]) {
      case '--target': options.target = new URL(value()); break;
      case '--port': options.port = Number(value()); break;
      case '--host': options.host = value(); break;
      case '--delay-ms': options.delayMs = Number(value()); break;
      case '--port-file': options.portFile = value(); break;
      case '-h': case '--help':
        process.stdout.write('usage: node s3-proxy.js --target http://HOST:PORT [--port 0] [--host 127.0.0.1] [--delay-ms 0] [--port-file FILE]\n');
        process.exit(0);
        break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (!options.target) throw new Error('--target is required');
  if (!(options.delayMs >= 0)) throw new Error('--delay-ms must be a number >= 0');
  return options;
}

const options = parseArgs(process.argv.slice(2));
const KINDS = ['put', 'multipart', 'get', 'head', 'list', 'delete', 'other'];
let counts;
let inFlight = 0;

function reset() {
  const before = counts;
  counts = { total: 0, get_ranged: 0, bytes_up: 0, bytes_down: 0, max_in_flight: inFlight, status: {}, delay_ms: options.delayMs };
  for (const kind of KINDS) counts[kind] = 0;
  return before;
}
reset();

const LIST_PARAMETERS = ['list-type', 'prefix', 'delimiter', 'continuation-token', 'marker', 'max-keys', 'start-after', 'encoding-type', 'fetch-owner'];

// Path-style: /bucket[/key]. The query's names decide between an object's sub-resources.
function kindOf(request, url) {
  const path = url.pathname.replace(/^\/+/, '');
  const slash = path.indexOf('/');
  const hasKey = slash >= 0 && slash < path.length - 1;
  const query = url.searchParams;
  const method = request.method;
  if (path === '') return 'other'; // ListBuckets
  if (!hasKey) {
    if (method === 'HEAD') return 'head';
    if (method === 'POST' && query.has('delete')) return 'delete';
    if (method === 'GET') {
      const names = [...query.keys()];
      if (names.length === 0 || names.every((name) => LIST_PARAMETERS.includes(name))) return 'list';
    }
    return 'other';
  }
  if (query.has('uploadId') || query.has('uploads')) return 'multipart';
  switch (method) {
    case 'PUT': return 'put';
    case 'GET': return 'get';
    case 'HEAD': return 'head';
    case 'DELETE': return 'delete';
    default: return 'other';
  }
}

// Headers that describe one hop, not the request: each side of the proxy has its own connection.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'upgrade', 'expect']);

function endToEnd(rawHeaders) {
  const kept = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (!HOP_BY_HOP.has(rawHeaders[i].toLowerCase())) kept.push(rawHeaders[i], rawHeaders[i + 1]);
  }
  return kept;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });

function answer(response, status, body) {
  const text = JSON.stringify(body, null, 2) + '\n';
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function control(request, response, url) {
  if (url.pathname === '/__counts' && request.method === 'GET') return answer(response, 200, { ...counts, in_flight: inFlight });
  if (url.pathname === '/__reset' && request.method === 'POST') return answer(response, 200, reset());
  if (url.pathname === '/__delay' && request.method === 'POST') {
    const ms = Number(url.searchParams.get('ms'));
    if (!(ms >= 0)) return answer(response, 400, { error: 'ms must be a number >= 0' });
    options.delayMs = ms;
    counts.delay_ms = ms;
    return answer(response, 200, { delay_ms: ms });
  }
  return answer(response, 404, { error: 'unknown control path' });
}

function forward(request, response, url) {
  const kind = kindOf(request, url);
  counts[kind]++;
  counts.total++;
  if (kind === 'get' && request.headers.range) counts.get_ranged++;
  inFlight++;
  counts.max_in_flight = Math.max(counts.max_in_flight, inFlight);
  let finished = false;
  const done = () => {
    if (!finished) {
      finished = true;
      inFlight--;
    }
  };
  response.on('close', done);

  const send = () => {
    if (request.destroyed) return done();
    const upstream = http.request({
      agent,
      host: options.target.hostname,
      port: options.target.port,
      method: request.method,
      path: request.url,
      headers: endToEnd(request.rawHeaders),
      setHost: false,
    });
    upstream.on('response', (reply) => {
      counts.status[reply.statusCode] = (counts.status[reply.statusCode] || 0) + 1;
      response.writeHead(reply.statusCode, reply.statusMessage, endToEnd(reply.rawHeaders));
      reply.on('data', (chunk) => { counts.bytes_down += chunk.length; });
      reply.pipe(response);
      reply.on('error', () => response.destroy());
    });
    upstream.on('error', (error) => {
      if (!response.headersSent) {
        counts.status[502] = (counts.status[502] || 0) + 1;
        response.writeHead(502, { 'content-type': 'text/plain', connection: 'close' });
        response.end(`s3-proxy: ${error.message}\n`);
      } else {
        response.destroy(error);
      }
    });
    // The client went away: so does the request upstream.
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    // Only now, after the delay: a 'data' listener would start the body flowing before anyone forwards it.
    request.on('data', (chunk) => { counts.bytes_up += chunk.length; });
    request.pipe(upstream);
  };
  if (options.delayMs > 0) setTimeout(send, options.delayMs); else send();
}

const server = http.createServer({ keepAliveTimeout: 60_000, requestTimeout: 0, headersTimeout: 60_000 }, (request, response) => {
  const url = new URL(request.url, 'http://proxy');
  if (url.pathname.startsWith('/__')) return control(request, response, url);
  forward(request, response, url);
});
// A client that sends "Expect: 100-continue" gets its 100 from the proxy (Node's default); the upstream hop has none.
server.on('clientError', (error, socket) => socket.destroy(error));

server.listen(options.port, options.host, () => {
  const { address, port } = server.address();
  if (options.portFile) fs.writeFileSync(options.portFile, `${port}\n`);
  process.stdout.write(`listening on ${address}:${port}, forwarding to ${options.target.origin}, delay ${options.delayMs} ms\n`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    agent.destroy();
    process.exit(0);
  });
}
