/**
 * B11 of quality.md: a question-bank workbook parsed, validated and stored.
 *
 *   npm run bench -- import [--sizes 1000,10000] [--json]
 *
 * For each size it writes an XLSX bank with ExcelJS (not timed: that is the organiser's Excel),
 * then, on a server on port 0 over a fresh SQLite file with the demo contest as the draft, times
 * `POST /api/contests/demo/import/questions` end to end (upload, decode, map, validate the
 * resulting contest file, append `ContestCreated` with fsync, issue the seats, until the 201):
 * the first import after start (cold: ExcelJS is loaded then) and the next one (warm). Then the
 * decode + map alone, in process. Targets: 1,000 questions < 2 s; 10,000 < 10 s, judged on the
 * cold import. Bounded: two imports per size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DEMO_CONTEST, FOUR_OPTION_BANK_FIELDS, importQuestions, templateHeadings } from '@leitai/shared';
import { startLeitaiServer, type LeitaiServerHandle } from '../../server/src/app.ts';
import { decodeUpload } from '../../server/src/authoring/upload-decode.ts';

const TARGET_MS: Record<number, number> = { 1000: 2000, 10000: 10000 };

async function bankWorkbook(n: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('题库');
  ws.addRow(templateHeadings(FOUR_OPTION_BANK_FIELDS));
  for (let i = 0; i < n; i++) {
    const k = i % 4;
    const text = `第 ${i + 1} 题：根据《中国共产党章程》和有关党内法规，下列关于基层组织建设的表述哪一项是正确的？（${i}）`;
    if (k === 0)
      ws.addRow([
        '单选题',
        text,
        '选项甲的内容较长一些',
        '选项乙',
        '选项丙',
        '选项丁',
        'C',
        '见党章第五章。',
        10,
        30,
        '中等',
        '党章',
        '党章、基层组织',
      ]);
    else if (k === 1) ws.addRow(['多选题', text, '甲', '乙', '丙', '丁', 'ABD', '', 10, 30, '较难', '党规', '']);
    else if (k === 2) ws.addRow(['判断题', text, '', '', '', '', '对', '', 5, 20, '易', '', '']);
    else
      ws.addRow(['简答题', text, '', '', '', '', '参考答案：坚持和加强党的全面领导。', '', 20, 60, '难', '理论', '']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ImportFigures {
  questions: number;
  fileKB: number;
  /** The first import after the server started: includes loading ExcelJS (kept out of start-up for memory, B3). */
  coldMs: number;
  /** The next import of the same file: the steady cost. */
  warmMs: number;
  /** Decode and map only (decodeUpload + importQuestions), in process, warm. */
  parseMs: number;
  targetMs: number | null;
  ok: boolean | null;
}

async function importOnce(url: string, token: string, file: Buffer, n: number, server: LeitaiServerHandle) {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/contests/demo/import/questions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(file),
    signal: AbortSignal.timeout(60_000),
  });
  const body = (await res.json()) as { contestId?: string };
  const ms = performance.now() - t0;
  const stored = body.contestId ? server.service.get(body.contestId)?.state?.definition.questions.length : undefined;
  if (res.status !== 201 || stored !== n) throw new Error(`import: HTTP ${res.status}, ${stored ?? 0} stored`);
  return ms;
}

async function measure(n: number): Promise<ImportFigures> {
  const file = await bankWorkbook(n);
  const dir = mkdtempSync(join(tmpdir(), 'leitai-bench-import-'));
  const server = await startLeitaiServer({ dbFile: join(dir, 'leitai.sqlite'), port: 0, host: '127.0.0.1' });
  try {
    const created = await server.service.create(DEMO_CONTEST, { contestId: 'demo' });
    if (!created.ok) throw new Error(created.error.message);
    // The admin token: the first import revokes the draft's host link; the draft is still not started.
    const coldMs = await importOnce(server.url, server.adminToken, file, n, server);
    const warmMs = await importOnce(server.url, server.adminToken, file, n, server);
    const t0 = performance.now();
    const decoded = await decodeUpload(file);
    const parsed = importQuestions(decoded.tables[0] ?? { name: '', rows: [] });
    const parseMs = performance.now() - t0;
    if (!parsed.ok || parsed.items.length !== n) throw new Error(`parse: ${parsed.items.length} of ${n}`);
    const targetMs = TARGET_MS[n] ?? null;
    return {
      questions: n,
      fileKB: Math.round(file.length / 1024),
      coldMs: Math.round(coldMs),
      warmMs: Math.round(warmMs),
      parseMs: Math.round(parseMs),
      targetMs,
      ok: targetMs === null ? null : coldMs < targetMs,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CLI entry used by scripts/bench/run.ts: `[--sizes 1000,10000] [--json]`. */
export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const at = args.indexOf('--sizes');
  const sizes = (at >= 0 ? (args[at + 1] ?? '') : '1000,10000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const results: ImportFigures[] = [];
  for (const n of sizes) {
    const r = await measure(n);
    results.push(r);
    if (!json) {
      const verdict = r.ok === null ? '' : r.ok ? ' ✓' : ' ✗';
      console.log(
        `B11 import ${String(n).padStart(6)} questions (${r.fileKB} KB xlsx) over HTTP, parse+validate+store: first ${r.coldMs} ms, next ${r.warmMs} ms (target < ${r.targetMs ?? '-'} ms)${verdict}; decode+map alone ${r.parseMs} ms`,
      );
    }
  }
  if (json) process.stdout.write(`${JSON.stringify({ bench: 'import', results })}\n`);
}
