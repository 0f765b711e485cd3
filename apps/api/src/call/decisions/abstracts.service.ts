import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { stringify } from 'csv-stringify/sync';
import { pickText, type BookOfAbstracts, type Language } from '@amphi/contracts';
import { NotFound } from '../../common/domain-errors';
import type { Event } from '../../events/event.entity';
import { Session } from '../../programme/session.entity';
import { Talk } from '../../programme/talk.entity';
import { toZonedIso } from '../../programme/zoned-time';
import { CallCoreService } from '../call-core.service';
import type { CallForProposals } from '../call.entities';
import { Submission } from '../call.entities';

/** The book is built from at most this many proposals (a conference's accepted ones; far more than the seeds' 30). */
export const MAX_BOOK_ABSTRACTS = 2000;

type BookAbstract = BookOfAbstracts['sessions'][number]['abstracts'][number];

/**
 * The book of abstracts: the accepted proposals their submitters confirmed, by the session they were
 * placed in (programme order, then their order in the session), then those not placed yet by theme
 * (the call's order). Public once both the event and the call are published.
 */
@Injectable()
export class AbstractsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly core: CallCoreService,
  ) {}

  /** The published call of a published event; 404 `call` otherwise. */
  async requirePublishedCall(event: Event): Promise<CallForProposals> {
    const call = await this.core.findCall(event.id);
    if (!call || !call.published) throw new NotFound('call');
    return call;
  }

  async book(event: Event, call: CallForProposals): Promise<BookOfAbstracts> {
    const accepted = await this.dataSource.getRepository(Submission).find({
      where: { eventId: event.id, status: 'submitted', sentDecision: In(['accepted', 'accepted_as_poster']), decisionSentAt: Not(IsNull()), confirmedAt: Not(IsNull()), declinedAt: IsNull() },
      order: { title: 'ASC', id: 'ASC' },
      take: MAX_BOOK_ABSTRACTS,
    });
    const talkIds = accepted.flatMap((s) => (s.talkId ? [s.talkId] : []));
    const talks = talkIds.length ? await this.dataSource.getRepository(Talk).find({ where: { id: In(talkIds) } }) : [];
    const talkById = new Map(talks.map((t) => [t.id, t]));
    const sessionIds = [...new Set(talks.map((t) => t.sessionId))];
    const sessions = sessionIds.length
      ? await this.dataSource.getRepository(Session).find({ where: { id: In(sessionIds), eventId: event.id }, order: { startsAt: 'ASC', stage: 'ASC', id: 'ASC' } })
      : [];

    const toAbstract = (s: Submission): BookAbstract => ({
      proposalId: s.id,
      title: s.title,
      abstract: s.abstract,
      keywords: s.keywords,
      themeKey: s.themeKey,
      typeKey: s.typeKey,
      authors: s.authors.map((a) => ({ name: a.name, affiliation: a.affiliation?.trim() || null, presenting: a.presenting })),
    });
    const placed = new Set<string>();
    const book: BookOfAbstracts = { event: { slug: event.slug, title: event.title, mainLanguage: event.mainLanguage }, sessions: [] };
    for (const session of sessions) {
      const inSession = accepted
        .filter((s) => s.talkId && talkById.get(s.talkId)?.sessionId === session.id)
        .sort((a, b) => talkById.get(a.talkId!)!.position - talkById.get(b.talkId!)!.position);
      inSession.forEach((s) => placed.add(s.id));
      book.sessions.push({ sessionId: session.id, title: session.title, startsAt: toZonedIso(session.startsAt, event.timeZone), themeKey: null, abstracts: inSession.map(toAbstract) });
    }
    const rest = accepted.filter((s) => !placed.has(s.id));
    const themeKeys: Array<string | null> = [...call.themes.map((t) => t.key), null];
    for (const s of rest) if (!themeKeys.includes(s.themeKey)) themeKeys.push(s.themeKey);
    for (const key of themeKeys) {
      const inTheme = rest.filter((s) => s.themeKey === key);
      if (inTheme.length === 0) continue;
      const theme = call.themes.find((t) => t.key === key);
      book.sessions.push({ sessionId: null, title: theme?.title ?? null, startsAt: null, themeKey: key, abstracts: inTheme.map(toAbstract) });
    }
    return book;
  }

  /** One row per abstract, for the proceedings' editors; a BOM so that spreadsheets read the accents. */
  csv(book: BookOfAbstracts, call: CallForProposals, language: Language): string {
    const main = book.event.mainLanguage;
    const rows = book.sessions.flatMap((group) =>
      group.abstracts.map((a) => {
        const affiliations = [...new Set(a.authors.flatMap((x) => (x.affiliation ? [x.affiliation] : [])))];
        return {
          session: group.sessionId ? (pickText(group.title, language, main) ?? '') : '',
          theme: pickText(call.themes.find((t) => t.key === a.themeKey)?.title, language, main) ?? a.themeKey ?? '',
          type: pickText(call.types.find((t) => t.key === a.typeKey)?.title, language, main) ?? a.typeKey,
          title: a.title,
          authors: a.authors.map((x) => (x.presenting ? `${x.name} *` : x.name)).join('; '),
          affiliations: affiliations.join('; '),
          keywords: a.keywords.join('; '),
          abstract: a.abstract,
        };
      }),
    );
    return (
      '\ufeff' +
      stringify(rows, {
        header: true,
        columns: ['session', 'theme', 'type', 'title', 'authors', 'affiliations', 'keywords', 'abstract'],
        // Cells starting with =, +, - or @ are run as formulas by spreadsheets: neutralise them.
        cast: { string: (v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v) },
      })
    );
  }
}
