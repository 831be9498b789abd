// Opens a generated 200-step flow in the real editor (served by a real Weft process, in Debian's
// Chromium) and measures frame times while panning the canvas and while dragging a step. Frame
// times are the gaps between requestAnimationFrame callbacks in the page; beside them, the page's
// main-thread time per mouse move (Chromium's own counters), which other load on the machine
// disturbs less than wall-clock frames. A benchmark, not a test: it prints figures and asserts
// nothing. Build the editor first (npm run weft:editor:build).
//
//   node scripts/toolchain.mjs node bench/editor-large-flow.bench.ts [rounds, default 3]
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CDPSession, type Page, launchBrowser } from '../editor/e2e/chromium.ts';
import { percentile, repoRoot, startWeftProcess } from './bench-support.ts';

const rounds = Number(process.argv[2] ?? 3);
const token = 'bench-token-0123456789abcdef';
const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const STEPS = 200;
const ROWS = 10;
/** One display frame at 60 Hz; a gap of 1.5 frames or more means at least one frame was missed. */
const FRAME_MS = 1000 / 60;
/** How often the simulated hand moves the mouse: about once per frame, as a real drag does. */
const MOVE_EVERY_MS = 16;
const MOVES = 90;

if (!existsSync(join(repoRoot, 'editor', 'dist', 'index.html'))) {
  throw new Error('build the editor first: node scripts/toolchain.mjs run weft:editor:build');
}

/** webhook → ten rows of 19 or 20 steps each (map, filter, edit fields, no-op in turn), every step fed by the one before it in its row. */
function largeFlow(id: string) {
  const kinds = [
    { type: 'core.map', params: { output: { id: '=$.body.id', total: '=$.body.total' } }, port: 'out' },
    { type: 'core.filter', params: { condition: '=$.total > 0' }, port: 'true' },
    { type: 'core.set', params: { operations: [{ op: 'set', path: 'seen', value: true }] }, port: 'out' },
    { type: 'core.noop', params: {}, port: 'out' },
  ] as const;
  const nodes: object[] = [{ id: 'incoming', type: 'core.webhook', typeVersion: 1, params: {}, position: { x: 0, y: ((ROWS - 1) * 130) / 2 } }];
  const edges: object[] = [];
  const outPort = new Map<string, string>([['incoming', 'out']]);
  for (let index = 0; index < STEPS - 1; index++) {
    const column = 1 + Math.floor(index / ROWS);
    const row = index % ROWS;
    const kind = kinds[(column + row) % kinds.length] ?? kinds[0];
    const id = `s${index}`;
    const from = column === 1 ? 'incoming' : `s${index - ROWS}`;
    nodes.push({ id, type: kind.type, typeVersion: 1, params: kind.params, position: { x: column * 280, y: row * 130 } });
    edges.push({ from: { node: from, port: outPort.get(from) ?? 'out' }, to: { node: id, port: 'in' } });
    outPort.set(id, kind.port);
  }
  return { formatVersion: 1, id, name: 'Two hundred steps', nodes, edges };
}

async function importFlow(url: string, document: object): Promise<void> {
  const response = await fetch(`${url}/api/flows/import`, { method: 'POST', headers: auth, body: JSON.stringify(document) });
  if (response.status !== 201) throw new Error(`could not import the flow: ${response.status} ${await response.text()}`);
}

async function openFlow(page: Page, url: string, flowId: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();
  await page.goto(`${url}/#/flows/${flowId}`);
  await page.locator('.react-flow__node').first().waitFor();
  // Let the first paint, fit-to-view and the minimap settle before measuring.
  await page.waitForTimeout(1000);
}

/** Main-thread time the page has spent so far, in ms: running scripts, and in all (scripts, style, layout, paint). */
async function busyTime(cdp: CDPSession): Promise<{ script: number; task: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const seconds = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? Number.NaN;
  return { script: seconds('ScriptDuration') * 1000, task: seconds('TaskDuration') * 1000 };
}

interface Measured {
  frames: number[];
  scriptMs: number;
  taskMs: number;
}

/** The gap before every animation frame while `during` runs (ms), and the main-thread time it took. */
async function measure(page: Page, cdp: CDPSession, during: () => Promise<void>): Promise<Measured> {
  const before = await busyTime(cdp);
  const frames = await recordFrames(page, during);
  const after = await busyTime(cdp);
  return { frames, scriptMs: after.script - before.script, taskMs: after.task - before.task };
}

/** Records the gap before every animation frame until `during` has run; returns the gaps in ms. */
async function recordFrames(page: Page, during: () => Promise<void>): Promise<number[]> {
  await page.evaluate(() => {
    const frames: number[] = [];
    let last = performance.now();
    let running = true;
    const tick = (now: number) => {
      frames.push(now - last);
      last = now;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
    const stopFrames = () => {
      running = false;
      return frames;
    };
    Object.assign(window, { stopFrames });
  });
  await during();
  return page.evaluate(() => {
    const stop: unknown = Reflect.get(window, 'stopFrames');
    const frames: unknown = typeof stop === 'function' ? stop() : [];
    return Array.isArray(frames) ? frames.filter((gap): gap is number => typeof gap === 'number') : [];
  });
}

/**
 * Presses at `from`, moves the mouse out by `by` and back over MOVES steps, releases. The moves go
 * out on a fixed clock whether or not the page has handled the last one, as a hand's do: a page that
 * falls behind shows it in its frame times, instead of slowing the hand down.
 */
async function dragBy(page: Page, from: { x: number; y: number }, by: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const moves: Promise<void>[] = [];
  for (let step = 1; step <= MOVES; step++) {
    const phase = step <= MOVES / 2 ? step / (MOVES / 2) : (MOVES - step) / (MOVES / 2);
    moves.push(page.mouse.move(from.x + by.x * phase, from.y + by.y * phase));
    await new Promise((resolve) => setTimeout(resolve, MOVE_EVERY_MS));
  }
  await Promise.all(moves);
  await page.mouse.up();
}

/** A point of the canvas's empty background (pressing there pans) and the centre of a step on screen (pressing there drags it). */
async function targets(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid=canvas]')?.getBoundingClientRect();
    if (canvas === undefined) throw new Error('no canvas');
    let pane: { x: number; y: number } | null = null;
    let step: { x: number; y: number } | null = null;
    for (let y = canvas.top + 60; y < canvas.bottom - 200 && (pane === null || step === null); y += 15) {
      for (let x = canvas.left + 60; x < canvas.right - 240; x += 15) {
        const element = document.elementFromPoint(x, y);
        if (pane === null && element?.classList.contains('react-flow__pane') === true) pane = { x, y };
        if (step === null && element?.closest('.step-node-head') !== null && element?.closest('.react-flow__node') !== null) step = { x, y };
      }
    }
    if (pane === null || step === null) throw new Error('found no empty background or no step on screen');
    return { pane, step };
  });
}

/** The canvas's zoom, from React Flow's viewport transform ("translate(…) scale(z)"). */
function currentZoom(page: Page): Promise<number> {
  return page.locator('.react-flow__viewport').evaluate((viewport) => Number(/scale\(([\d.]+)\)/.exec(viewport.getAttribute('style') ?? '')?.[1] ?? Number.NaN));
}

/** Zooms around the canvas's middle with the mouse wheel (React Flow scales by 2^(-deltaY × 0.002)). */
async function zoomTo(page: Page, target: number): Promise<void> {
  const canvas = await page.getByTestId('canvas').boundingBox();
  if (canvas === null) throw new Error('no canvas');
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  for (let attempt = 0; attempt < 5; attempt++) {
    const zoom = await currentZoom(page);
    if (Math.abs(zoom - target) / target < 0.02) break;
    await page.mouse.wheel(0, -Math.log2(target / zoom) / 0.002);
    await page.waitForTimeout(300);
  }
  await page.waitForTimeout(500);
}

function stepsOnScreen(page: Page): Promise<number> {
  return page.locator('.react-flow__node').evaluateAll((nodes) => {
    const canvas = document.querySelector('[data-testid=canvas]')?.getBoundingClientRect();
    const onCanvas = (box: DOMRect) => canvas !== undefined && box.right > canvas.left && box.left < canvas.right && box.bottom > canvas.top && box.top < canvas.bottom;
    return nodes.filter((node) => onCanvas(node.getBoundingClientRect())).length;
  });
}

function summary(name: string, runs: Measured[]) {
  const frames = runs.flatMap((run) => run.frames);
  const perMove = (total: number) => (total / (runs.length * MOVES)).toFixed(2).padStart(10);
  const sorted = [...frames].sort((a, b) => a - b);
  // Each gap of n frame intervals shows one new frame where n were due: n - 1 were dropped.
  const dropped = frames.reduce((sum, gap) => sum + Math.max(0, Math.round(gap / FRAME_MS) - 1), 0);
  const fmt = (value: number) => value.toFixed(1).padStart(7);
  const share = `${((100 * dropped) / (frames.length + dropped)).toFixed(1)}%`.padStart(8);
  const script = perMove(runs.reduce((sum, run) => sum + run.scriptMs, 0));
  const task = perMove(runs.reduce((sum, run) => sum + run.taskMs, 0));
  return `${name.padEnd(18)} ${String(frames.length).padStart(6)} ${fmt(percentile(sorted, 0.5))} ${fmt(percentile(sorted, 0.95))} ${fmt(sorted.at(-1) ?? Number.NaN)} ${share} ${script} ${task}`;
}

const dataDir = await mkdtemp(join(tmpdir(), 'weft-bench-'));
const weft = await startWeftProcess({ WEFT_DATA_DIR: dataDir, WEFT_API_TOKEN: token });
const browser = await launchBrowser();
// Never leave Weft (and its PostgreSQL) or Chromium running behind a benchmark that failed.
try {
  await importFlow(weft.url, largeFlow('large-flow'));
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await openFlow(page, weft.url, 'large-flow');
  console.log(`editor with a ${STEPS}-step flow, 1280×800; per zoom, ${rounds} rounds of ${MOVES} mouse moves ${MOVE_EVERY_MS} ms apart\n`);
  console.log('                                                   frame time (ms)               main thread per move (ms)');
  console.log('zoom  on screen  what                frames     p50     p95     max  dropped     script   all work');
  // Editing scale, and zoomed out to see more of the flow at once (more steps on screen to draw).
  for (const zoom of [1, 0.5, 0.3]) {
    await zoomTo(page, zoom);
    // As reached: React Flow stops at its minimum zoom.
    const label = `${(await currentZoom(page)).toFixed(2).padEnd(5)} ${String(await stepsOnScreen(page)).padStart(9)}  `;
    const idle: Measured[] = [];
    const panning: Measured[] = [];
    const dragging: Measured[] = [];
    for (let round = 0; round < rounds; round++) {
      idle.push(await measure(page, cdp, () => page.waitForTimeout(MOVES * MOVE_EVERY_MS)));
      const { pane, step } = await targets(page);
      panning.push(await measure(page, cdp, () => dragBy(page, pane, { x: -300, y: -120 })));
      dragging.push(await measure(page, cdp, () => dragBy(page, step, { x: 220, y: 160 })));
    }
    console.log(label + summary('idle (per 16 ms)', idle));
    console.log(label + summary('panning the canvas', panning));
    console.log(label + summary('dragging a step', dragging));
  }
} finally {
  await browser.close();
  // It may have stopped already (a failed start, say): then there is no exit left to wait for.
  if (weft.child.exitCode === null && weft.child.signalCode === null) {
    const exited = new Promise((resolve) => weft.child.once('exit', resolve));
    weft.child.kill('SIGTERM');
    await exited;
  }
  await rm(dataDir, { recursive: true, force: true });
}
