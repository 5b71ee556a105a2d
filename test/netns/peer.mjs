// A network peer for the namespace tests, run inside a namespace with `ip netns exec`.
//   node peer.mjs listen NAME tcp:6891 udp:5004 ...   serve: every TCP connection and UDP datagram is
//                                                     answered with NAME; prints "ready" when bound
//   node peer.mjs probe TIMEOUT_MS JSON               connect to each {proto, host, port, localPort?}
//                                                     at once; print what answered (or "timeout",
//                                                     "refused", an error code) as a JSON array
import net from 'node:net';
import dgram from 'node:dgram';

const [mode, ...args] = process.argv.slice(2);

if (mode === 'listen') {
  const [name, ...specs] = args;
  const bound = specs.map(
    (spec) =>
      new Promise((resolve, reject) => {
        const [proto, port] = spec.split(':');
        if (proto === 'tcp') {
          const s = net.createServer((c) => {
            c.on('error', () => {});
            c.end(name);
          });
          s.on('error', reject);
          s.listen(Number(port), '0.0.0.0', resolve);
        } else {
          const s = dgram.createSocket('udp4');
          s.on('error', reject);
          s.on('message', (_m, from) => s.send(name, from.port, from.address));
          s.bind(Number(port), '0.0.0.0', resolve);
        }
      }),
  );
  Promise.all(bound).then(
    () => process.stdout.write('ready\n'),
    (e) => {
      process.stderr.write(`listen ${name}: ${e.message}\n`);
      process.exit(3);
    },
  );
  // Stop when the test closes our stdin (or kills us).
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
} else if (mode === 'probe') {
  const timeout = Number(args[0]);
  const probes = JSON.parse(args[1]);
  const one = (p) =>
    new Promise((resolve) => {
      let done = false;
      const finish = (v, close) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(v);
        try {
          close();
        } catch {
          // already closed
        }
      };
      let close = () => {};
      const timer = setTimeout(() => finish('timeout', close), timeout);
      if (p.proto === 'tcp') {
        const c = net.connect({ host: p.host, port: p.port, ...(p.localPort ? { localAddress: p.localAddress, localPort: p.localPort } : {}) });
        close = () => c.destroy();
        let data = '';
        c.on('data', (d) => (data += d));
        c.on('end', () => finish(data || 'empty', close));
        c.on('error', (e) => finish(e.code === 'ECONNREFUSED' ? 'refused' : e.code ?? e.message, close));
      } else {
        const s = dgram.createSocket('udp4');
        close = () => s.close();
        s.on('message', (m) => finish(m.toString(), close));
        s.on('error', (e) => finish(e.code ?? e.message, close));
        s.send('ping', p.port, p.host);
      }
    });
  let printed = false;
  Promise.all(probes.map(one)).then((r) => {
    printed = true;
    process.stdout.write(JSON.stringify(r) + '\n');
  });
  process.on('exit', (code) => {
    if (!printed) {
      process.stderr.write('probe: exited before every probe finished\n');
      process.exitCode = code || 4;
    }
  });
} else {
  process.stderr.write('usage: peer.mjs listen NAME proto:port... | probe TIMEOUT_MS JSON\n');
  process.exit(2);
}
