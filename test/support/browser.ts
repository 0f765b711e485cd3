import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The repository (this file runs from dist-test/test/support). */
export const repositoryRoot = resolve(__dirname, '../../..');

/** Debian's chromium, or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Builds the web app into a folder of its own, every run: a test never reads a stale
 * apps/web/dist, and never rewrites the one other test files' apps are serving. Vite takes a
 * couple of seconds; the build is bounded. Returns the folder, for WEB_DIST_DIR.
 */
export function buildWebApp(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'amphi-web-'));
  const build = spawnSync(process.execPath, [join(repositoryRoot, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.mts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (build.status !== 0 || !existsSync(join(outDir, 'index.html'))) {
    throw new Error(`Building apps/web failed (${build.error?.message ?? `exit ${build.status ?? build.signal}`}):\n${build.stdout}\n${build.stderr}`);
  }
  return outDir;
}

/** Removes a folder buildWebApp made (nothing when the build never ran). */
export function removeWebApp(outDir: string | undefined): void {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
}

export interface ChromiumOptions {
  /** Media may play without a user gesture (--autoplay-policy=no-user-gesture-required). */
  autoplay?: boolean;
  /** A fake camera and microphone, granted without a prompt. */
  fakeMediaDevices?: boolean;
}

/** Launches headless chromium through playwright-core (no sandbox, no GPU, no background traffic; a bounded launch). */
export function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
  if (options.fakeMediaDevices) args.push('--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream');
  if (options.autoplay) args.push('--autoplay-policy=no-user-gesture-required');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args, timeout: 60_000 });
}

/** Adds each uncaught error of the page (and, unless `console` is false, each console error) to `errors`, prefixed with the page's address. */
export function collectPageErrors(page: Page, errors: string[], { console = true }: { console?: boolean } = {}): void {
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  if (console) {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
    });
  }
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

let axeSource: string | undefined;

/** Asserts no serious or critical axe-core violation on the page as it is now; `name` says which page in the failure. */
export async function checkAccessibility(page: Page, name: string): Promise<void> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `axe-core on ${name}`,
  );
}

/** Saves a full-page PNG of a page as `name`.png. */
export type Screenshot = (page: Page, name: string) => Promise<Buffer>;

/** Empties test-results/<folder>/ (git-ignored) and returns the function saving screenshots into it. */
export function screenshotsInto(folder: string): Screenshot {
  const dir = join(repositoryRoot, 'test-results', folder);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return (page, name) => page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Signs an organiser in on the login form the page shows, and waits for their events: the step every organiser test takes. */
export async function signInOnLoginForm(page: Page, organiser: { email: string; password: string }): Promise<void> {
  await page.getByLabel(/^E-mail address/).fill(organiser.email);
  await page.getByLabel(/^Password/).fill(organiser.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'My events' }).waitFor();
}
