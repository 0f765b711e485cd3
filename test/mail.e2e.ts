import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from './support/harness';
import { OutboxService, type OutgoingMail } from '../apps/api/src/mail/outbox.service';
import { renderMail } from '../apps/api/src/mail/mail-templates';

/** A real SMTP server on loopback, as a mail relay would be: it keeps every message it accepts. */
class TestSmtpServer {
  readonly received: { to: string[]; raw: string; mail: ParsedMail }[] = [];
  /** Messages whose content has started to arrive (accepted or not yet). */
  started = 0;
  private server: SMTPServer | null = null;
  port = 0;

  /** Milliseconds the server takes before accepting each message (a slow relay). */
  constructor(private readonly delayMs = 0) {}

  async start(port = 0): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      // A plain local relay: without a certificate to trust, nodemailer would refuse the upgrade.
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 1000,
      onData: (stream, session, callback) => {
        this.started++;
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          setTimeout(() => {
            this.received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, mail: parseMail(raw) });
            callback();
          }, this.delayMs);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      const net = this.server!.listen(port, '127.0.0.1', () => resolve());
      net.once('error', reject);
    });
    this.port = (this.server as unknown as { server: { address(): { port: number } } }).server.address().port;
    return this;
  }

  withSubject(subject: string) {
    return this.received.filter((m) => m.mail.subject === subject);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

interface ParsedMail {
  headers: Record<string, string>;
  subject: string;
  text?: string;
  html?: string;
}

/** Just enough MIME for what nodemailer writes: headers, encoded words, multipart/alternative, quoted-printable, base64. */
function parseMail(raw: string): ParsedMail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const parsed: ParsedMail = { headers, subject: decodeWords(headers['subject'] ?? '') };
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      // The line break before the next boundary belongs to the boundary.
      const inner = parseMail(part.replace(/^\r?\n/, '').replace(/\r?\n$/, ''));
      parsed.text ??= inner.text;
      parsed.html ??= inner.html;
    }
    return parsed;
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const decoded =
    encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
  if (/^text\/html/i.test(type)) parsed.html = decoded;
  else parsed.text = decoded;
  return parsed;
}

function decodeQuotedPrintable(value: string): string {
  const bytes = value.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

/** Polls `check` until it answers something truthy; fails after `ms`. */
type Truthy<T> = Exclude<T, null | undefined | false | 0 | ''>;
async function waitFor<T>(what: string, check: () => T | Promise<T>, ms = 15_000): Promise<Truthy<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A loopback port nobody listens on (for now). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

interface OutboxRow {
  id: string;
  to_address: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  event_id: string | null;
}

function outboxRows(t: TestApp, subject: string): Promise<OutboxRow[]> {
  return t.app.get(DataSource).query(`SELECT * FROM outbox_mail WHERE subject = $1`, [subject]);
}

/** Enqueues `mail` in a transaction of its own, commits, and kicks the sender. */
async function sendCommitted(t: TestApp, mail: OutgoingMail): Promise<void> {
  const outbox = t.app.get(OutboxService);
  await t.app.get(DataSource).transaction((manager) => outbox.enqueue(manager, mail));
  outbox.kick();
}

const unique = () => randomBytes(4).toString('hex');

describe('e-mail through a real SMTP conversation', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let mailbox: string;
  before(async () => {
    smtp = await new TestSmtpServer().start();
    mailbox = mkdtempSync(join(tmpdir(), 'amphi-mailbox-'));
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Amphi <no-reply@amphi.test>', MAIL_POLL_MS: '100', MAILBOX_DIR: mailbox });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
    rmSync(mailbox, { recursive: true, force: true });
  });

  it('delivers a mail enqueued in a committed transaction, with its subject, text and HTML, then keeps only a record of it', async () => {
    const link = `https://amphi.test/p/${randomBytes(32).toString('base64url')}`;
    const rendered = renderMail('registration_confirmed', 'fr', { name: 'Camille Moreau', eventTitle: `Journée d'étude ${unique()}`, eventDates: '12 mars 2026', link });
    await sendCommitted(t, { to: 'camille@example.org', ...rendered });

    const [message] = await waitFor('the confirmation over SMTP', () => smtp.withSubject(rendered.subject).length && smtp.withSubject(rendered.subject));
    assert.deepEqual(message.to, ['camille@example.org']);
    assert.match(message.mail.headers['from'], /no-reply@amphi\.test/);
    assert.equal(message.mail.headers['auto-submitted'], 'auto-generated');
    assert.equal(message.mail.text?.replace(/\r\n/g, '\n'), rendered.text, 'the plain text arrives as rendered');
    assert.ok(message.mail.text?.includes(link), 'with the personal link');
    assert.ok(message.mail.html?.includes(`href="${link}"`), 'and an HTML version with the link');

    const [row] = await waitFor('the mail marked sent', async () => {
      const rows = await outboxRows(t, rendered.subject);
      return rows[0]?.status === 'sent' && rows;
    });
    assert.equal(row.to_address, 'camille@example.org', 'the record keeps the recipient');
    assert.ok(row.sent_at instanceof Date, 'and when it went');
    assert.equal(row.text_body, null, 'the bodies, which carry the personal link, are gone once delivered');
    assert.equal(row.html_body, null);
    assert.equal(row.attempts, 1);
    assert.equal(row.last_error, null);
    const dump = JSON.stringify(await t.app.get(DataSource).query(`SELECT * FROM outbox_mail`));
    assert.ok(!dump.includes(link), 'the link is nowhere in the outbox');
    assert.equal(smtp.withSubject(rendered.subject).length, 1, 'delivered once');
  });

  it('never sends a mail enqueued in a transaction that rolls back', async () => {
    const outbox = t.app.get(OutboxService);
    const dropped = `Rolled back ${unique()}`;
    await assert.rejects(
      t.app.get(DataSource).transaction(async (manager) => {
        await outbox.enqueue(manager, { to: 'nobody@example.org', subject: dropped, text: 'must not leave' });
        throw new Error('the registration failed after all');
      }),
      /failed after all/,
    );
    outbox.kick();
    // A mail committed afterwards arrives: by then the rolled-back one would have too.
    const marker = `Committed after ${unique()}`;
    await sendCommitted(t, { to: 'somebody@example.org', subject: marker, text: 'this one goes' });
    await waitFor('the mail committed afterwards', () => smtp.withSubject(marker).length > 0);
    assert.equal(smtp.withSubject(dropped).length, 0, 'the rolled-back mail never reached the server');
    assert.deepEqual(await outboxRows(t, dropped), [], 'nor exists in the outbox');
  });

  it('sends each mail once when several API processes share the outbox', async () => {
    const second = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_POLL_MS: '50' }, t.databaseUrl);
    try {
      const batch = unique();
      const subjects = Array.from({ length: 40 }, (_, i) => `Batch ${batch} #${i}`);
      const outbox = t.app.get(OutboxService);
      await t.app.get(DataSource).transaction(async (manager) => {
        for (const subject of subjects) await outbox.enqueue(manager, { to: `p${subject.length}@example.org`, subject, text: subject });
      });
      outbox.kick();
      second.app.get(OutboxService).kick();
      await waitFor('the 40 mails', () => subjects.every((s) => smtp.withSubject(s).length > 0));
      // Let any duplicate in flight land before counting.
      await waitFor('every mail recorded as sent', async () => {
        const [{ pending }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS pending FROM outbox_mail WHERE subject LIKE $1 AND status <> 'sent'`, [`Batch ${batch} #%`]);
        return pending === 0;
      });
      for (const subject of subjects) assert.equal(smtp.withSubject(subject).length, 1, `${subject} delivered exactly once`);
    } finally {
      await second.close();
    }
  });

  it('refuses to enqueue something that is not an address, or a subject on two lines', async () => {
    const outbox = t.app.get(OutboxService);
    await t.app.get(DataSource).transaction(async (manager) => {
      await assert.rejects(outbox.enqueue(manager, { to: 'not an address', subject: 'x', text: 'x' }), /not an e-mail address/);
      await assert.rejects(outbox.enqueue(manager, { to: 'a@example.org', subject: 'x\r\nBcc: b@example.org', text: 'x' }), /one line/);
    });
  });
});

describe('e-mail during a mail-server outage', () => {
  let t: TestApp;
  let smtp: TestSmtpServer | null = null;
  let port: number;
  before(async () => {
    port = await closedPort();
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_POLL_MS: '50', MAIL_RETRY_BASE_MS: '100' });
  });
  after(async () => {
    await t.close();
    await smtp?.stop();
  });

  it('keeps the mail pending while the server is down, and delivers it when the server is back', async () => {
    const subject = `Outage ${unique()}`;
    const link = `https://amphi.test/p/${randomBytes(32).toString('base64url')}`;
    await sendCommitted(t, { to: 'patient@example.org', subject, text: `Your link: ${link}`, html: `<p><a href="${link}">${link}</a></p>` });

    const [failing] = await waitFor('a failed attempt recorded', async () => {
      const rows = await outboxRows(t, subject);
      return rows[0]?.attempts > 0 && rows;
    });
    assert.equal(failing.status, 'pending', 'nothing is lost: the mail waits');
    assert.match(failing.last_error ?? '', /ECONNREFUSED|ECONNECTION|ESOCKET/);
    assert.ok(failing.text_body?.includes(link), 'with its content, until it is delivered');

    smtp = await new TestSmtpServer().start(port);
    const [message] = await waitFor('the mail once the server is back', () => smtp!.withSubject(subject).length && smtp!.withSubject(subject), 20_000);
    assert.ok(message.mail.text?.includes(link));
    const [sent] = await waitFor('the mail marked sent', async () => {
      const rows = await outboxRows(t, subject);
      return rows[0]?.status === 'sent' && rows;
    });
    assert.ok(sent.attempts >= 2, 'after at least one failed attempt');
    assert.equal(sent.text_body, null, 'then redacted');
    assert.equal(sent.html_body, null);
    assert.equal(sent.last_error, null);
  });
});

describe('the development mailbox', () => {
  let t: TestApp;
  let mailbox: string;
  before(async () => {
    mailbox = mkdtempSync(join(tmpdir(), 'amphi-mailbox-'));
    t = await startTestApp({ MAILBOX_DIR: mailbox, MAIL_POLL_MS: '50' });
  });
  after(async () => {
    await t.close();
    rmSync(mailbox, { recursive: true, force: true });
  });

  it('writes the mail to the folder without SMTP_URL and lists it, so that a developer can open the link', async () => {
    const link = `http://127.0.0.1:3000/p/${randomBytes(32).toString('base64url')}`;
    const rendered = renderMail('invitation', 'en', { name: 'Dr Ada Lovelace', eventTitle: `Conference ${unique()}`, eventDates: '3–4 June 2026', link, roles: ['chair'] });
    await sendCommitted(t, { to: 'ada@example.org', ...rendered });

    const listed = await waitFor('the mail in the mailbox', async () => {
      const res = await t.http().get('/api/dev/mailbox').expect(200);
      return (res.body as { id: string; to: string; subject: string; date: string }[]).find((m) => m.subject === rendered.subject);
    });
    assert.equal(listed.to, 'ada@example.org');
    assert.ok(!Number.isNaN(Date.parse(listed.date)));
    const [row] = await outboxRows(t, rendered.subject);
    assert.equal(listed.id, row.id, 'named after the outbox mail');
    assert.equal(row.status, 'sent');
    assert.equal(row.text_body, null, 'redacted in the outbox like any delivered mail');

    const one = await t.http().get(`/api/dev/mailbox/${listed.id}`).expect(200);
    assert.match(one.headers['content-type'], /^text\/plain/);
    assert.match(one.text, /^From: Amphi <no-reply@localhost>\nTo: ada@example.org\nSubject: /);
    assert.ok(one.text.includes(link), 'the link is there to click, unbroken');
    assert.ok(existsSync(join(mailbox, `${listed.id}.eml`)), 'an .eml file any mail client opens');
    const raw = await t
      .http()
      .get(`/api/dev/mailbox/${listed.id}/raw`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    assert.match(raw.headers['content-type'], /^message\/rfc822/);
    assert.match(parseMail((raw.body as Buffer).toString('utf8')).html ?? '', /<a href=/);

    const unknown = await t.http().get('/api/dev/mailbox/7a1c2f4e-0000-4000-8000-000000000000').expect(404);
    assert.equal(unknown.body.code, 'NOT_FOUND');
    await t.http().get('/api/dev/mailbox/..%2F..%2Fetc%2Fpasswd').expect(404);
  });

  it('is not there in production', async () => {
    const production = await startTestApp({ NODE_ENV: 'production', MAILBOX_DIR: mailbox }, t.databaseUrl);
    try {
      const res = await production.http().get('/api/dev/mailbox').expect(404);
      assert.equal(res.body.code, 'NOT_FOUND');
    } finally {
      await production.close();
    }
  });
});

describe('the mail sender at shutdown', () => {
  it('finishes the mails it is sending, gives the rest of its batch back, and stops before the database closes', async () => {
    const smtp = await new TestSmtpServer(300).start();
    const t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_POLL_MS: '50' });
    const batch = unique();
    const subjects = Array.from({ length: 15 }, (_, i) => `Shutdown ${batch} #${i}`);
    let closed = false;
    try {
      const outbox = t.app.get(OutboxService);
      await t.app.get(DataSource).transaction(async (manager) => {
        for (const subject of subjects) await outbox.enqueue(manager, { to: 'late@example.org', subject, text: subject });
      });
      outbox.kick();
      await waitFor('the first mail on its way', () => smtp.started > 0);
      await t.close(); // rejects if the sender queried a closed pool
      closed = true;
    } finally {
      if (!closed) await t.close();
      await smtp.stop();
    }
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      const rows: { subject: string; status: string; due: boolean }[] = (
        await db.query(`SELECT subject, status, next_attempt_at <= now() AS due FROM outbox_mail WHERE subject LIKE $1 ORDER BY subject`, [`Shutdown ${batch} #%`])
      ).rows;
      assert.equal(rows.length, subjects.length);
      const delivered = new Set(smtp.received.map((m) => m.mail.subject));
      for (const row of rows) {
        if (delivered.has(row.subject)) assert.equal(row.status, 'sent', `${row.subject}: delivered, so recorded as sent`);
        else assert.ok(row.status === 'pending' && row.due, `${row.subject}: not delivered, so pending and free for another process at once`);
      }
      assert.ok(smtp.received.length > 0, 'the mails in flight were finished');
      assert.ok(rows.some((r) => r.status === 'pending'), 'the sender stopped before the end of its batch');
    } finally {
      await db.end();
    }
  });
});
