import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ErrorCode } from '@amphi/contracts';
import { DomainEvents } from '../domain-events/domain-events';
import { SessionChannel, channelRooms } from '../realtime/session-channel';
import { QaService } from './qa.service';
import { QaGateway } from './qa.gateway';

/**
 * What the Q&A does when something happens elsewhere in a session: the room's state goes out on
 * the session's channel with the next seq; a hand taken by the chair leaves the queue; a person
 * whose access ended is told why and their connection is closed, on whichever process holds it
 * (their actions are refused by the session-access policy from the moment it is written).
 */
@Injectable()
export class QaSessionFollower implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly qa: QaService,
    private readonly gateway: QaGateway,
    private readonly channel: SessionChannel,
  ) {}

  onModuleInit(): void {
    const announceLive = async ({ sessionId, live }: { sessionId: string; live: import('@amphi/contracts').LiveStateView }) =>
      this.channel.publishToAll({ type: 'live', sessionId, seq: await this.qa.takeSeq(sessionId), live });
    this.events.on('session.went-live', announceLive);
    this.events.on('session.ended', announceLive);
    this.events.on('session.reopened', announceLive);

    this.events.on('session.hand-taken', async ({ sessionId, identity }) => {
      const { seq, hands } = await this.qa.lowerHandOf(sessionId, identity);
      this.gateway.announceHands(sessionId, identity, seq, hands);
    });

    this.events.on('session.participant-removed', async ({ sessionId, identity, reason }) => {
      this.channel.close(channelRooms.member(sessionId, identity), sessionId, {
        statusCode: 403,
        code: ErrorCode.RemovedFromSession,
        details: { reason: reason ?? null },
      });
      const { seq, hands } = await this.qa.lowerHandOf(sessionId, identity);
      this.gateway.announceHands(sessionId, identity, seq, hands);
    });

    this.events.on('registration.ended', ({ registrationId, reason }) => {
      this.channel.close(channelRooms.person(`r:${registrationId}`), null, {
        statusCode: 401,
        code: ErrorCode.LinkRevoked,
        details: { reason },
      });
    });
  }
}
