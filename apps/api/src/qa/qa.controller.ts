import { Controller, Get, Header, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { FieldIssueCode, type QuestionView } from '@amphi/contracts';
import { QaService } from './qa.service';
import { ValidationFailed } from '../common/domain-errors';
import { CurrentPrincipal, PrincipalAuthGuard } from '../access/participant-auth.guard';
import { EventsService } from '../events/events.service';
import { SessionsService } from '../programme/sessions.service';
import { CurrentOrganiser, OrganiserAuthGuard } from '../accounts/organiser-auth.guard';
import type { OrganiserPrincipal, Principal } from '../accounts/access-token.service';

@ApiTags('questions')
@ApiBearerAuth()
@Controller()
export class QaController {
  constructor(
    private readonly qa: QaService,
    private readonly events: EventsService,
    private readonly sessions: SessionsService,
  ) {}

  @Get('sessions/:sessionId/questions')
  @ApiOperation({ summary: 'The approved questions of a session, most voted first (or oldest first with order=time), for clients that cannot hold a socket (any role in the session)' })
  @ApiQuery({ name: 'order', required: false, enum: ['votes', 'time'] })
  @UseGuards(PrincipalAuthGuard)
  async approved(@CurrentPrincipal() principal: Principal, @Param('sessionId') sessionId: string, @Query('order') order: string | undefined): Promise<QuestionView[]> {
    if (order !== undefined && order !== 'votes' && order !== 'time') throw new ValidationFailed([{ path: ['order'], code: FieldIssueCode.InvalidOption, params: { options: ['votes', 'time'] } }]);
    return this.qa.approvedQuestions(principal, sessionId, order ?? 'votes');
  }

  @Get('events/:eventId/sessions/:sessionId/questions.json')
  @UseGuards(OrganiserAuthGuard)
  @ApiOperation({ summary: 'Every question of a session with votes, state, answer and times (organisers)' })
  async exportJson(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('sessionId') sessionId: string) {
    return (await this.rowsFor(me, eventId, sessionId)).rows;
  }

  @Get('events/:eventId/sessions/:sessionId/questions.csv')
  @UseGuards(OrganiserAuthGuard)
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The same as CSV, for the proceedings' })
  async exportCsv(@CurrentOrganiser() me: OrganiserPrincipal, @Param('eventId') eventId: string, @Param('sessionId') sessionId: string, @Res({ passthrough: true }) res: Response) {
    const { id, rows } = await this.rowsFor(me, eventId, sessionId);
    res.setHeader('Content-Disposition', `attachment; filename="questions-${id.slice(0, 8)}.csv"`);
    return (
      '\ufeff' +
      stringify(rows, {
        header: true,
        columns: ['askedAt', 'author', 'anonymous', 'text', 'state', 'votes', 'pinned', 'answer', 'answeredAt', 'dismissReason', 'mergedIntoId', 'talkId', 'panelistId', 'id'],
        cast: { boolean: (v) => (v ? 'yes' : 'no'), string: (v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v) },
      })
    );
  }

  /** The session's questions for its organisers: anonymous askers named only if the event so decided. */
  private async rowsFor(me: OrganiserPrincipal, eventId: string, sessionId: string) {
    const event = await this.events.requireManaged(me, eventId);
    const session = await this.sessions.get(event, sessionId);
    return { id: session.id, rows: await this.qa.exportRows(session.id, event.qaAnonymousNamesToModerators) };
  }
}
