import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from './config';

/**
 * Outside production AUTH_SECRET may be left unset: a random secret is made once and kept
 * beside the embedded database, so tokens survive restarts on a developer's machine.
 */
export function withAuthSecret(config: AppConfig, file = '.data/auth-secret'): AppConfig {
  if (config.auth.secret) return config;
  let secret = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (secret.length < 32) {
    secret = randomBytes(48).toString('base64url');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, secret, { mode: 0o600 });
  }
  return { ...config, auth: { ...config.auth, secret } };
}
