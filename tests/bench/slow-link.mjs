// A proxy in front of the server that shapes the link like a weak mobile signal and counts
// what crosses it: every request waits half a round trip each way, and its bytes (request
// line, headers and body as sent, compressed or not) queue for the link's upload or
// download rate, shared by the requests under way, as on one phone's radio.
import http from 'node:http';
import { once } from 'node:events';

/** Chrome DevTools' "Slow 4G": 150 ms round trip, 750 kbit/s up, 1.6 Mbit/s down. */
export const SLOW_4G = { rttMs: 150, upBitsPerS: 750_000, downBitsPerS: 1_600_000 };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One direction of the link: bytes take their turn at its rate. */
function direction(bitsPerS) {
  let freeAt = 0;
  return async (bytes) => {
    const start = Math.max(Date.now(), freeAt);
    freeAt = start + (bytes * 8 * 1000) / bitsPerS;
    await sleep(freeAt - Date.now());
  };
}

const headerBytes = (firstLine, rawHeaders) => {
  let n = firstLine.length + 2 + 2;
  for (let i = 0; i < rawHeaders.length; i += 2) n += rawHeaders[i].length + 2 + rawHeaders[i + 1].length + 2;
  return n;
};

async function bodyOf(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Starts the proxy to `target` (http://host:port); `stats` counts from the last `reset()`. */
export async function startSlowLink(target, link = SLOW_4G) {
  const upstream = new URL(target);
  const up = direction(link.upBitsPerS);
  const down = direction(link.downBitsPerS);
  const stats = { requests: 0, up: 0, down: 0, paths: new Map() };
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer(async (req, res) => {
    try {
      const body = await bodyOf(req);
      const sent = headerBytes(`${req.method} ${req.url} HTTP/1.1`, req.rawHeaders) + body.length;
      stats.requests += 1;
      stats.up += sent;
      const path = req.url.split('?')[0];
      stats.paths.set(path, (stats.paths.get(path) ?? 0) + 1);
      await sleep(link.rttMs / 2);
      await up(sent);
      const answer = await new Promise((resolve, reject) => {
        const headers = { ...req.headers, host: upstream.host };
        const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, resolve);
        out.on('error', reject);
        out.end(body);
      });
      const answerBody = await bodyOf(answer);
      const received = headerBytes(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}`, answer.rawHeaders) + answerBody.length;
      stats.down += received;
      await sleep(link.rttMs / 2);
      await down(received);
      const headers = { ...answer.headers };
      delete headers['transfer-encoding'];
      headers['content-length'] = answerBody.length;
      res.writeHead(answer.statusCode, headers);
      res.end(answerBody);
    } catch (err) {
      res.writeHead(502);
      res.end(String(err));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stats,
    reset() {
      Object.assign(stats, { requests: 0, up: 0, down: 0, paths: new Map() });
    },
    async stop() {
      server.closeAllConnections();
      server.close();
      agent.destroy();
    },
  };
}
