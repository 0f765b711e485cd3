import type { TestApp } from './harness';
import { Clock } from '../../apps/api/src/common/clock';

/** The app's clock, moved by the test: the in-process Clock provider (nothing of the kind exists over HTTP). */
export function setClock(t: TestApp, iso: string): void {
  const at = new Date(iso);
  t.app.get(Clock).now = () => new Date(at);
}
