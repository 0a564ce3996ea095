/**
 * The B2 crowd: thousands of audience sockets in a child process of their own (as they would be
 * on thousands of phones), each counting the frames it receives without decoding them, with an
 * optional flow of comments and like bursts. Used by B2 (buzz.ts) and B6 on a loaded server
 * (fairness-load.ts).
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '@leitai/shared';

/** What the crowd reports once a second: comments sent and accepted, like bursts, frames received. */
interface CrowdReport {
  sockets: number;
  sent: number;
  accepted: number;
  likes: number;
  frames: number;
}

export interface Crowd {
  /** Start the flow of comments (per second in all) and likes. */
  flow(commentsPerSec: number): void;
  latest(): CrowdReport;
  stop(): void;
}

/** Connect `count` audience sockets from a child process; resolves once all are in. */
export function startCrowd(url: string, joinCode: string, count: number, nice: number): Promise<Crowd> {
  let latest: CrowdReport = { sockets: 0, sent: 0, accepted: 0, likes: 0, frames: 0 };
  if (count <= 0) return Promise.resolve({ flow: () => {}, latest: () => latest, stop: () => {} });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL(import.meta.url).pathname, '--crowd', url, joinCode, String(count)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  if (nice !== 0 && child.pid !== undefined) setPriority(child.pid, nice);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('audience crowd did not connect in time')), 120_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('BENCH-CROWD-REPORT ')) latest = JSON.parse(line.slice(19)) as CrowdReport;
      if (line === 'BENCH-CROWD-READY') {
        clearTimeout(timer);
        resolve({
          flow: (perSec) => child.stdin.write(`flow ${perSec}\n`),
          latest: () => latest,
          stop: () => child.kill('SIGTERM'),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`audience crowd exited ${code}`));
    });
  });
}

/**
 * One audience socket on the Socket.IO wire protocol (Engine.IO 4 over a plain WebSocket): it
 * joins with the join code and answers pings, and counts the frames it receives without
 * decoding them (`onEvent`; `onAck` gets its acknowledgements' raw text). A phone's decoding costs the phone, not the server: with socket.io-client the
 * crowd decoded every audience frame 4,900 times and took 38-61% of a core while the server it
 * measures took 33-46%, on the same two cores (27-37% with these sockets; 2026-11-23).
 */
function rawAudienceSocket(
  url: string,
  joinCode: string,
  onEvent: () => void,
  onAck: (text: string) => void,
): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
    perMessageDeflate: false,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timeout')), 20_000);
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.on('message', (data: Buffer) => {
      const c = data[0];
      if (c === 0x34 && data[1] === 0x32)
        onEvent(); // "42": an event
      else if (c === 0x34 && data[1] === 0x33)
        onAck(data.toString()); // "43<id>[…]": an acknowledgement
      else if (c === 0x32)
        ws.send('3'); // "2" ping → "3" pong
      else if (c === 0x30)
        ws.send(`40${JSON.stringify({ protocolVersion: PROTOCOL_VERSION, joinCode })}`); // open → join
      else if (c === 0x34 && data[1] === 0x30) {
        clearTimeout(timer);
        resolve(ws); // "40": joined
      } else if (c === 0x34 && data[1] === 0x34) {
        clearTimeout(timer);
        reject(new Error(`refused: ${data.toString().slice(0, 200)}`));
      }
    });
  });
}

/** Comments of a danmaku flow: short, varied, and clean for the word filter. */
const FLOW_TEXTS = [
  '加油！',
  '讲得真好',
  '这题我会',
  '太快了吧',
  '666',
  '稳住',
  '好紧张啊',
  '冠军相',
  '精彩！',
  '支持三号',
];

/**
 * Child mode: hold `count` audience sockets (they receive every audience frame) until killed.
 * On `flow <n>` from stdin, 100 of them send n comments per second in all (round robin, each
 * under its own limit of one per 3 s at n ≤ 33) and a like burst each per second. A report line
 * goes out every second.
 */
async function crowd(url: string, joinCode: string, count: number): Promise<void> {
  const report: CrowdReport = { sockets: 0, sent: 0, accepted: 0, likes: 0, frames: 0 };
  const onEvent = () => (report.frames += 1);
  const onAck = (text: string) => {
    if (text.includes('"ok":true') && text.includes('"status"')) report.accepted += 1; // a comment's ack
  };
  const held: WebSocket[] = [];
  for (let i = 0; i < count; i += 250) {
    held.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(250, count - i) }, () => rawAudienceSocket(url, joinCode, onEvent, onAck)),
      )),
    );
  }
  report.sockets = held.length;
  const senders = held.slice(0, 100);
  let ackId = 0;
  const emit = (ws: WebSocket, event: string, payload: unknown) =>
    ws.send(`42${(ackId = (ackId + 1) % 1_000_000)}${JSON.stringify([event, payload])}`);
  createInterface({ input: process.stdin }).on('line', (line) => {
    const m = /^flow (\d+(?:\.\d+)?)$/.exec(line);
    const perSec = m ? Number(m[1]) : 0;
    if (!(perSec > 0) || senders.length === 0) return;
    let n = 0;
    setInterval(() => {
      const ws = senders[n % senders.length]!;
      emit(ws, 'audience:comment', { text: FLOW_TEXTS[n % FLOW_TEXTS.length], color: 'white' });
      n += 1;
      report.sent += 1;
    }, 1000 / perSec);
    let l = 0;
    setInterval(() => {
      // One like burst per sender per second, spread over the second.
      emit(senders[l % senders.length]!, 'audience:like', { count: 5 });
      l += 1;
      report.likes += 1;
    }, 1000 / senders.length);
  });
  setInterval(() => process.stdout.write(`BENCH-CROWD-REPORT ${JSON.stringify(report)}\n`), 1000);
  process.stdout.write('BENCH-CROWD-READY\n');
  // Bounded like every bench process: gone after ten minutes even if the parent vanished.
  setTimeout(() => process.exit(0), 600_000).unref();
  await new Promise(() => {});
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const crowdAt = process.argv.indexOf('--crowd');
  if (crowdAt >= 0) {
    const [url, code, count] = process.argv.slice(crowdAt + 1);
    await crowd(url ?? '', code ?? '', Number(count));
  }
}
