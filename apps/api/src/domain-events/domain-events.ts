import { Global, Injectable, Logger, Module } from '@nestjs/common';
import type { LiveStateView } from '@amphi/contracts';

/**
 * What happened, told by the feature where it happened to whoever follows it: live rooms do not
 * inject the Q&A gateway, and recordings do not register listeners on the live rooms. Each event
 * is a plain typed record; the map below is the list of them.
 */
export interface DomainEventMap {
  /** A chair opened the doors: attendees are let in. */
  'session.went-live': { sessionId: string; live: LiveStateView };
  /** A chair ended the session (everyone leaves the room). */
  'session.ended': { sessionId: string; live: LiveStateView };
  /** A chair reopened a session ended by mistake (within the overrun window). */
  'session.reopened': { sessionId: string; live: LiveStateView };
  /** A chair removed someone from the session: their access to it ends at once, everywhere. */
  'session.participant-removed': { sessionId: string; identity: string; reason: string | null };
  /** A chair invited an attendee on stage: their raised hand leaves the queue. */
  'session.hand-taken': { sessionId: string; identity: string };
  /**
   * An organiser moved a session (its start, end or stage changed; `after` null: it was deleted).
   * `people`: its chairs, speakers and panelists before and after. Told after the commit.
   */
  'session.moved': {
    eventId: string;
    sessionId: string;
    type: import('@amphi/contracts').SessionType;
    title: import('@amphi/contracts').LocalizedText;
    before: { startsAt: Date; endsAt: Date; stage: string };
    after: { startsAt: Date; endsAt: Date; stage: string } | null;
    people: string[];
  };
  /** A registration was cancelled (by its person or an organiser) or erased: its access ends at once. */
  'registration.ended': { eventId: string; registrationId: string; reason: 'cancelled' | 'removed' | 'erased' };
  /** LiveKit Egress reported on a recording (verified webhook); the recorder follows it. */
  'recording.egress-updated': { egressInfo: import('livekit-server-sdk').EgressInfo };
  /** A recording changed state (starting, active, complete, failed...). */
  'recording.changed': { sessionId: string; recordingId: string; status: string };
}
export type DomainEventName = keyof DomainEventMap;
type Handler<K extends DomainEventName> = (event: DomainEventMap[K]) => Promise<void> | void;

/**
 * The in-process bus of domain events. publish() waits for every handler and never throws: a
 * failing follower is logged, and the change that was already committed stays committed.
 * (Across processes, what must reach other processes goes through the realtime adapter.)
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger('DomainEvents');
  private readonly handlers = new Map<DomainEventName, Array<Handler<never>>>();

  on<K extends DomainEventName>(name: K, handler: Handler<K>): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as Handler<never>);
    this.handlers.set(name, list);
  }

  async publish<K extends DomainEventName>(name: K, event: DomainEventMap[K]): Promise<void> {
    const list = (this.handlers.get(name) ?? []) as Array<Handler<K>>;
    const results = await Promise.allSettled(list.map(async (handler) => handler(event)));
    for (const result of results) if (result.status === 'rejected') this.logger.warn(`After ${name}: ${(result.reason as Error)?.message ?? result.reason}`);
  }
}

@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
