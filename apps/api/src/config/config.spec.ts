import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config';

/** The ConfigError thrown for `env`; fails the test when none is thrown. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(env)} to be refused`);
}

/** The variable each problem names (`PORT: ...` -> `PORT`). */
const variables = (error: ConfigError) => error.problems.map((p) => p.split(':')[0]).sort();

describe('loadConfig', () => {
  it('starts on an empty environment with defaults that work on a fresh machine', () => {
    const config = loadConfig({});
    assert.equal(config.env, 'development');
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 3000);
    assert.equal(config.publicUrl, 'http://127.0.0.1:3000');
    assert.equal(config.database.url, undefined, 'no DATABASE_URL: the embedded PostgreSQL');
    assert.equal(config.database.embeddedDir, '.data/postgres');
    assert.equal(config.database.embeddedPort, 54329);
    assert.equal(config.auth.secret, undefined, 'generated and kept in .data/ outside production');
    assert.equal(config.firstOrganiser, undefined);
    assert.equal(config.demoData, true, 'a newcomer sees the demo events');
    assert.equal(config.storage.dir, '.data/storage');
    assert.deepEqual(config.corsOrigins, []);
    assert.equal(config.logLevel, 'log');
  });

  it('loads no demo data by default outside development', () => {
    assert.equal(loadConfig({ NODE_ENV: 'test' }).demoData, false);
    assert.equal(loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'true' }).demoData, true);
    assert.equal(loadConfig({ DEMO_DATA: 'no' }).demoData, false);
  });

  it('reads the variables it is given', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '8080',
      DATABASE_URL: 'postgres://amphi:secret@db:5432/amphi',
      AUTH_SECRET: 'x'.repeat(32),
      ORGANISER_EMAIL: 'Eve.Gardien@Example.org',
      ORGANISER_PASSWORD: 'correct horse battery',
      CORS_ORIGINS: 'https://a.example, https://b.example,',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.publicUrl, 'http://localhost:8080', '0.0.0.0 is not an address people can open');
    assert.equal(config.database.url, 'postgres://amphi:secret@db:5432/amphi');
    assert.deepEqual(config.firstOrganiser, { email: 'eve.gardien@example.org', password: 'correct horse battery', name: 'Eve.Gardien@Example.org' });
    assert.deepEqual(config.corsOrigins, ['https://a.example', 'https://b.example']);
    assert.equal(config.demoData, false);
  });

  it('names every bad or missing variable at once', () => {
    const error = configError({
      PORT: 'abc',
      DATABASE_URL: 'mysql://x',
      NODE_ENV: 'production',
      ORGANISER_EMAIL: 'eve@example.org',
    });
    assert.deepEqual(variables(error), ['AUTH_SECRET', 'DATABASE_URL', 'ORGANISER_PASSWORD', 'PORT']);
    assert.match(error.problems.find((p) => p.startsWith('DATABASE_URL'))!, /postgres:\/\//);
    assert.match(error.problems.find((p) => p.startsWith('AUTH_SECRET'))!, /required in production/);
    assert.match(error.problems.find((p) => p.startsWith('ORGANISER_PASSWORD'))!, /ORGANISER_EMAIL and ORGANISER_PASSWORD go together/);
    for (const name of ['PORT', 'DATABASE_URL', 'AUTH_SECRET', 'ORGANISER_PASSWORD']) assert.match(error.message, new RegExp(`- ${name}: `));
    assert.match(error.message, /^Invalid configuration:\n/);
  });

  it('asks for the e-mail when only the password is given, alongside other problems', () => {
    const error = configError({ ORGANISER_PASSWORD: 'correct horse battery', NODE_ENV: 'staging', EMBEDDED_PG_PORT: '70000' });
    assert.deepEqual(variables(error), ['EMBEDDED_PG_PORT', 'NODE_ENV', 'ORGANISER_EMAIL']);
  });

  it('refuses values that are present but wrong', () => {
    const error = configError({ AUTH_SECRET: 'short', ORGANISER_EMAIL: 'not-an-email', ORGANISER_PASSWORD: 'short', DEMO_DATA: 'maybe', LOG_LEVEL: 'loud' });
    assert.deepEqual(variables(error), ['AUTH_SECRET', 'DEMO_DATA', 'LOG_LEVEL', 'ORGANISER_EMAIL', 'ORGANISER_PASSWORD']);
  });

  it('counts empty strings as unset', () => {
    const config = loadConfig({ NODE_ENV: '', PORT: '', DATABASE_URL: '', ORGANISER_EMAIL: '', ORGANISER_PASSWORD: '', AUTH_SECRET: '', DEMO_DATA: '' });
    assert.equal(config.env, 'development');
    assert.equal(config.port, 3000);
    assert.equal(config.database.url, undefined);
    assert.equal(config.firstOrganiser, undefined);
    assert.equal(config.demoData, true);
  });

  it('still requires AUTH_SECRET in production when it is set to an empty string', () => {
    assert.deepEqual(variables(configError({ NODE_ENV: 'production', AUTH_SECRET: '' })), ['AUTH_SECRET']);
  });

  it('records through LiveKit Egress only where a worker can be: not with the development LiveKit server, unless told', () => {
    assert.deepEqual(loadConfig({}).live.egress, { enabled: false, timeoutSeconds: 5 }, 'npm start runs a LiveKit server without egress');
    assert.equal(loadConfig({ LIVEKIT_URL: 'wss://live.example.org' }).live.egress.enabled, true);
    assert.equal(loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(32) }).live.egress.enabled, true);
    assert.equal(loadConfig({ LIVEKIT_URL: 'wss://live.example.org', RECORDING_EGRESS: 'disabled' }).live.egress.enabled, false);
    assert.equal(loadConfig({ RECORDING_EGRESS: 'enabled', RECORDING_EGRESS_TIMEOUT_SECONDS: '2.5' }).live.egress.timeoutSeconds, 2.5);
    assert.deepEqual(variables(configError({ RECORDING_EGRESS: 'auto', RECORDING_EGRESS_TIMEOUT_SECONDS: '0' })), ['RECORDING_EGRESS', 'RECORDING_EGRESS_TIMEOUT_SECONDS']);
  });
});
