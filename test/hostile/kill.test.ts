/**
 * The writer's promise under SIGKILL: `generate` killed at a random moment, again and again,
 * alternating between two designs. After every kill each output file is wholly one generation,
 * and the manifest accepts it (so the next run neither refuses it as hand-edited nor mixes
 * generations silently); the next completed run removes every temporary file and backup.
 */
import { describe, expect, test } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, root, tmp, write } from '../helpers.js';

const ROUNDS = Number(process.env.KILL_ROUNDS ?? 10);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function runAndKill(args: string[], afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [cliPath, ...args], { cwd: root, stdio: 'ignore' });
    const t = setTimeout(() => p.kill('SIGKILL'), afterMs);
    p.on('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/**
 * A preload that sends the process SIGKILL just before its Nth call of one fs function (a real
 * kill at an exact step of the writer, without a test hook in wcecfg itself).
 */
const KILLER = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const [fn, nth] = (process.env.KILL_BEFORE ?? '').split(':');
if (fn) {
  const orig = fs[fn];
  let n = 0;
  fs[fn] = function (...a) {
    if (++n === Number(nth)) process.kill(process.pid, 'SIGKILL');
    return orig.apply(this, a);
  };
  syncBuiltinESMExports();
}
`;

describe('generate killed with SIGKILL', () => {
  test('before each rename and each write of the writer in turn: every file old or new and described by the manifest; the next run cleans up', () => {
    const d = tmp();
    const out = join(d, 'out');
    const killer = write(d, 'killer.mjs', KILLER);
    const designs = ['SYSGEN_MESSENGER', 'SYSGEN_VOIP'].map((id) => write(d, `${id}.json`, JSON.stringify({ name: 'Kiosk', select: [id] })));
    const run = (k: number, env: Record<string, string> = {}) =>
      spawnSync(process.execPath, ['--import', killer, cliPath, 'generate', '--design', designs[k % 2]!, '--out', out], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
    const generations = new Map<string, Set<string>>();
    const remember = () => {
      for (const f of readdirSync(out)) if (!f.startsWith('.')) (generations.get(f) ?? generations.set(f, new Set()).get(f)!).add(sha(readFileSync(join(out, f))));
    };
    expect(run(0).status).toBe(0);
    remember();
    expect(run(1).status).toBe(0);
    remember();
    const files = generations.size + 1; // outputs and the manifest
    let killed = 0;
    let described = 0;
    const plan: Array<[string, number[]]> = [['renameSync', Array.from({ length: files + 1 }, (_, i) => i + 1)], ['writeSync', [1, 4]]];
    for (const [fn, steps] of plan) {
      for (const nth of steps) {
        // Start from a complete generation of design 0, then kill a run of design 1 at step nth.
        expect(run(0).status).toBe(0);
        const r = run(1, { KILL_BEFORE: `${fn}:${nth}` });
        if (r.signal === 'SIGKILL') killed++;
        const manifest = JSON.parse(readFileSync(join(out, '.wcecfg-manifest.json'), 'utf8')) as { files: Record<string, string>; previous?: Record<string, string> };
        if (manifest.previous) described++;
        for (const f of readdirSync(out).filter((x) => !x.startsWith('.'))) {
          const h = sha(readFileSync(join(out, f)));
          expect(generations.get(f), `${f} after a kill before ${fn} #${nth} is neither generation`).toContain(h);
          expect([manifest.files[f], manifest.previous?.[f]], `${f} after a kill before ${fn} #${nth} is not described by the manifest`).toContain(h);
        }
      }
    }
    console.log(`exact kills: ${killed} of ${files + 3} runs killed inside the writer, ${described} left a half-renamed generation`);
    expect(killed).toBeGreaterThanOrEqual(files); // the kills did land inside the writer
    expect(described).toBeGreaterThan(0); // some left a half-renamed generation, which the manifest described
    const r = run(0);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).filter((f) => f.startsWith('.')).sort()).toEqual(['.wcecfg-manifest.json']);
  }, 120_000);

  test(`${ROUNDS} rounds: every file old or new and described by the manifest; stale temp files removed by the next run`, async () => {
    const d = tmp();
    const out = join(d, 'out');
    // Two designs with the same file names and different contents.
    const designs = ['SYSGEN_MESSENGER', 'SYSGEN_VOIP'].map((id) => write(d, `${id}.json`, JSON.stringify({ name: 'Kiosk', select: [id] })));
    const args = (k: number) => ['generate', '--design', designs[k % 2]!, '--out', out];
    // How long a whole run takes here, so the kills land before, during and after the writes.
    const t0 = Date.now();
    expect(spawnSync(process.execPath, [cliPath, ...args(0)], { cwd: root }).status).toBe(0);
    const full = Date.now() - t0;
    // The contents of each generation, by file name.
    const generations = new Map<string, Set<string>>();
    const remember = () => {
      for (const f of readdirSync(out)) if (!f.startsWith('.')) (generations.get(f) ?? generations.set(f, new Set()).get(f)!).add(sha(readFileSync(join(out, f))));
    };
    remember();
    expect(spawnSync(process.execPath, [cliPath, ...args(1)], { cwd: root }).status).toBe(0);
    remember();
    let leftovers = 0;
    let interrupted = 0;
    for (let k = 0; k < ROUNDS; k++) {
      await runAndKill(args(k), Math.floor(full * (0.5 + Math.random() * 0.7)));
      const names = readdirSync(out);
      leftovers += names.filter((f) => /\.\d+\.(tmp|old)$/.test(f)).length;
      const manifest = JSON.parse(readFileSync(join(out, '.wcecfg-manifest.json'), 'utf8')) as { files: Record<string, string>; previous?: Record<string, string> };
      if (manifest.previous) interrupted++;
      for (const f of names.filter((x) => !x.startsWith('.'))) {
        const h = sha(readFileSync(join(out, f)));
        expect(generations.get(f), `${f} is neither generation`).toContain(h);
        expect([manifest.files[f], manifest.previous?.[f]], `${f} is not described by the manifest`).toContain(h);
      }
    }
    // The next run that completes takes whatever a kill left, without --force, and cleans up.
    const r = spawnSync(process.execPath, [cliPath, ...args(0)], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).filter((f) => f.startsWith('.')).sort()).toEqual(['.wcecfg-manifest.json']);
    expect(JSON.parse(readFileSync(join(out, '.wcecfg-manifest.json'), 'utf8')).previous).toBeUndefined();
    expect(interrupted + leftovers).toBeGreaterThanOrEqual(0); // counted for the log line below
    console.log(`random kills: ${ROUNDS}, ${interrupted} left an interrupted generation, ${leftovers} temp files seen before clean-up`);
  }, 120_000);
});
