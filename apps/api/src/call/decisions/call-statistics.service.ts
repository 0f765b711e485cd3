import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CallFunnel, CallStatistics } from '@amphi/contracts';
import type { Event } from '../../events/event.entity';
import { CallCoreService } from '../call-core.service';

interface FunnelRow {
  theme_key: string | null;
  overall: number;
  drafts: string;
  submitted: string;
  reviewed: string;
  accepted: string;
  confirmed: string;
  withdrawn: string;
  rejected: string;
  unconfirmed: string;
}

/**
 * The call's funnel, overall and per theme, counted by PostgreSQL (one GROUP BY ROLLUP), never by
 * loading the proposals. What each step counts:
 * - drafts: not submitted yet; withdrawn: submitted, then withdrawn;
 * - submitted: submitted and not withdrawn (every later step is among them);
 * - reviewed: at least one reviewer assigned, and every assigned reviewer's review submitted;
 * - accepted: an acceptance (also as a poster) sent; rejected: a rejection sent;
 * - confirmed: accepted, and confirmed by its submitter (not declined since).
 * Beside the funnel, `unconfirmed`: accepted, reminded, and still neither confirmed nor declined.
 */
@Injectable()
export class CallStatisticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly core: CallCoreService,
  ) {}

  async statistics(event: Event): Promise<CallStatistics> {
    const call = await this.core.requireCall(event.id);
    const rows: FunnelRow[] = await this.dataSource.query(
      `WITH progress AS (
         SELECT a.submission_id, count(*) AS assigned, count(r.submitted_at) AS done
           FROM review_assignment a
           LEFT JOIN review r ON r.submission_id = a.submission_id AND r.person_id = a.person_id
          WHERE a.event_id = $1
          GROUP BY a.submission_id
       )
       SELECT s.theme_key, GROUPING(s.theme_key) AS overall,
              count(*) FILTER (WHERE s.status = 'draft') AS drafts,
              count(*) FILTER (WHERE s.status = 'submitted') AS submitted,
              count(*) FILTER (WHERE s.status = 'submitted' AND p.assigned > 0 AND p.done = p.assigned) AS reviewed,
              count(*) FILTER (WHERE s.status = 'submitted' AND s.decision_sent_at IS NOT NULL AND s.sent_decision IN ('accepted', 'accepted_as_poster')) AS accepted,
              count(*) FILTER (WHERE s.status = 'submitted' AND s.decision_sent_at IS NOT NULL AND s.sent_decision IN ('accepted', 'accepted_as_poster')
                                 AND s.confirmed_at IS NOT NULL AND s.declined_at IS NULL) AS confirmed,
              count(*) FILTER (WHERE s.status = 'withdrawn') AS withdrawn,
              count(*) FILTER (WHERE s.status = 'submitted' AND s.decision_sent_at IS NOT NULL AND s.sent_decision = 'rejected') AS rejected,
              count(*) FILTER (WHERE s.status = 'submitted' AND s.decision_sent_at IS NOT NULL AND s.sent_decision IN ('accepted', 'accepted_as_poster')
                                 AND s.confirmed_at IS NULL AND s.declined_at IS NULL AND s.confirmation_reminded_at IS NOT NULL) AS unconfirmed
         FROM submission s LEFT JOIN progress p ON p.submission_id = s.id
        WHERE s.event_id = $1
        GROUP BY ROLLUP (s.theme_key)`,
      [event.id],
    );
    const funnel = (row: FunnelRow | undefined): CallFunnel => ({
      drafts: Number(row?.drafts ?? 0),
      submitted: Number(row?.submitted ?? 0),
      reviewed: Number(row?.reviewed ?? 0),
      accepted: Number(row?.accepted ?? 0),
      confirmed: Number(row?.confirmed ?? 0),
      withdrawn: Number(row?.withdrawn ?? 0),
      rejected: Number(row?.rejected ?? 0),
    });
    const byTheme = rows.filter((r) => Number(r.overall) === 0);
    // Every theme of the call in its order (zeros included), then proposals without a theme, then themes the call no longer has.
    const keys: Array<string | null> = [...call.themes.map((t) => t.key)];
    if (byTheme.some((r) => r.theme_key === null)) keys.push(null);
    for (const r of byTheme) if (r.theme_key !== null && !keys.includes(r.theme_key)) keys.push(r.theme_key);
    const overall = rows.find((r) => Number(r.overall) === 1);
    return {
      funnel: funnel(overall),
      unconfirmed: Number(overall?.unconfirmed ?? 0),
      byTheme: keys.map((themeKey) => ({ themeKey, ...funnel(byTheme.find((r) => r.theme_key === themeKey)) })),
    };
  }
}
