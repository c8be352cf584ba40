// The seed-style Node origin: express + @fanoutio/serve-grip, answering WebSocket-over-HTTP
// as WORKLOADS.md says (the same answers as org.gripkit.bench.BenchOrigin).
//
//   OPEN  -> accept, subscribe room-bench, keep-alive {} after 20 s
//   TEXT  -> m:{"type":"ack","seq":k}; with --publish-url, first publish the text as a
//            ws-message to room-bench and wait for the publish to be accepted
//
//   node origin.mjs --port 9001 [--publish-url http://127.0.0.1:5561/]
//
// Every request must carry a Grip-Sig valid for the key "changeme". Prints
// "node origin listening on 127.0.0.1:PORT" once it accepts connections.
import express from 'express';
import { ServeGrip } from '@fanoutio/serve-grip';
import { createWebSocketControlMessage, WebSocketMessageFormat } from '@fanoutio/grip';

let port = null;
let publishUrl = null;
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--port') port = Number(process.argv[++i]);
  else if (process.argv[i] === '--publish-url') publishUrl = process.argv[++i];
  else port = null;
}
if (port == null || Number.isNaN(port)) {
  console.error('usage: node origin.mjs --port PORT [--publish-url http://127.0.0.1:5561/]');
  process.exit(2);
}

const CHANNEL = 'room-bench';
const serveGrip = new ServeGrip({
  grip: {
    // serve-grip needs a control URI even when nothing is published; it is never called then.
    control_uri: publishUrl ?? 'http://127.0.0.1:5561/',
    control_iss: 'pushpin',
    key: 'changeme', // a symmetric key: also the Grip-Sig verify key
  },
  gripProxyRequired: true,
});

const app = express();
app.use(serveGrip);

app.post('/bench', async (req, res) => {
  const ws = req.grip.wsContext;
  if (ws == null) {
    res.statusCode = 400;
    res.end('not a WebSocket-over-HTTP request\n');
    return;
  }
  if (ws.isOpening()) {
    ws.accept();
    ws.subscribe(CHANNEL);
    ws.sendControl(createWebSocketControlMessage('keep-alive', { content: '{}', timeout: 20 }));
  }
  const texts = [];
  while (ws.canRecv()) {
    const message = ws.recv();
    if (message == null) {
      ws.close();
      break;
    }
    const parsed = JSON.parse(message);
    ws.send(JSON.stringify({ type: 'ack', seq: parsed.seq }));
    texts.push(message);
  }
  if (publishUrl != null) {
    try {
      const publisher = serveGrip.getPublisher();
      for (const text of texts) {
        await publisher.publishFormats(CHANNEL, new WebSocketMessageFormat(text));
      }
    } catch (e) {
      res.statusCode = 502;
      res.end('publish failed\n');
      return;
    }
  }
  res.end();
});

app.get('/stats', (req, res) => {
  const m = process.memoryUsage();
  const cpu = process.cpuUsage();
  res.json({ heapUsed: m.heapUsed, rss: m.rss, cpuNanos: (cpu.user + cpu.system) * 1000 });
});

app.listen(port, '127.0.0.1', function () {
  console.log(`node origin listening on 127.0.0.1:${this.address().port}` +
    (publishUrl != null ? ` publishing to ${publishUrl}` : ''));
});
