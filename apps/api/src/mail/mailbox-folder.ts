import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** What the development mailbox shows of one mail. */
export interface MailboxEntry {
  id: string;
  to: string;
  subject: string;
  /** ISO-8601, when the mail was written. */
  date: string;
}

interface StoredEntry extends MailboxEntry {
  from: string;
  text: string;
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The mailbox folder, used instead of a mail server when SMTP_URL is unset: each mail is
 * `<outbox id>.eml` (the complete message, which any mail client opens) beside
 * `<outbox id>.json` (recipient, subject, date and the plain text, for the development page).
 * Writing the same mail twice (a retry) overwrites it: the folder holds it once.
 */
export class MailboxFolder {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  async write(entry: StoredEntry, eml: Buffer): Promise<void> {
    if (!ID.test(entry.id)) throw new Error(`Not an outbox id: ${entry.id}`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // The .eml first, each through a temporary name: the list (which reads the .json) never shows a half-written mail.
    await this.writeAtomically(`${entry.id}.eml`, eml);
    await this.writeAtomically(`${entry.id}.json`, Buffer.from(JSON.stringify(entry, null, 2)));
  }

  /** The latest mails first, at most `limit`. */
  async list(limit = 200): Promise<MailboxEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: MailboxEntry[] = [];
    for (const name of names) {
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
      if (!ID.test(id)) continue;
      const stored = await this.entry(id);
      if (stored) entries.push({ id: stored.id, to: stored.to, subject: stored.subject, date: stored.date });
    }
    return entries.sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id)).slice(0, limit);
  }

  /** One mail as a person reads it: a few headers, then the plain text. Null when there is none. */
  async readable(id: string): Promise<string | null> {
    const stored = await this.entry(id);
    if (!stored) return null;
    return [`From: ${stored.from}`, `To: ${stored.to}`, `Subject: ${stored.subject}`, `Date: ${stored.date}`, '', stored.text].join('\n');
  }

  /** The complete message (RFC 5322), or null. */
  async raw(id: string): Promise<Buffer | null> {
    if (!ID.test(id)) return null;
    return readFile(join(this.dir, `${id}.eml`)).catch(() => null);
  }

  private async entry(id: string): Promise<StoredEntry | null> {
    if (!ID.test(id)) return null;
    try {
      return JSON.parse(await readFile(join(this.dir, `${id}.json`), 'utf8')) as StoredEntry;
    } catch {
      return null;
    }
  }

  private async writeAtomically(name: string, content: Buffer): Promise<void> {
    const target = join(this.dir, name);
    const temporary = `${target}.${process.pid}.partial`;
    await writeFile(temporary, content, { mode: 0o600 });
    await rename(temporary, target);
  }
}
