import type { Browser } from 'playwright-core';
import { buildWebApp, launchChromium, removeWebApp } from './browser';
import { startTestApp, type TestApp } from './harness';
import { startMailCatcher, type MailCatcher } from './mail-catcher';

/** What a browser test runs against: the built web app served by a real API, a real SMTP catcher, Chromium. */
export interface WebStack {
  t: TestApp;
  smtp: MailCatcher;
  browser: Browser;
  /** Stops all of it, whatever started. */
  close(): Promise<void>;
}

/**
 * Builds the web app, starts the SMTP catcher, the API serving the build (mails polled every 50 ms)
 * and Chromium: the setup every browser test repeated. `env` adds to or overrides the API's variables.
 */
export async function startWebStack(env: Record<string, string> = {}, options: { port?: number } = {}): Promise<WebStack> {
  const webDist = buildWebApp();
  const smtp = await startMailCatcher();
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await t?.close();
    await smtp.close();
    removeWebApp(webDist);
  };
  try {
    t = await startTestApp({ WEB_DIST_DIR: webDist, SMTP_URL: smtp.url, MAIL_POLL_MS: '50', ...env }, undefined, options);
    browser = await launchChromium();
  } catch (error) {
    await close();
    throw error;
  }
  return { t, smtp, browser, close };
}
